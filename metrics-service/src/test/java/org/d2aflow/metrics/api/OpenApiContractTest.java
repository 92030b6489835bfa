package org.d2aflow.metrics.api;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.OpenApiContract;
import org.d2aflow.testkit.OpenApiDocumentContract;

/** The OpenAPI document is the contract (test-kit OpenApiDocumentContract), with this service's operations. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class OpenApiContractTest extends OpenApiDocumentContract {

    @Override
    protected OpenApiContract expectations(OpenApiContract document) {
        return document
                .operations("getHeadlineFigures", "getFigure", "getDrillDown", "getTrend", "getDashboardTargets", "streamFigures",
                        "getLiveFigures", "getProjectionProgress", "rebuildProjection", "getEscalation", "acknowledgeEscalation")
                .operations("listReturns", "getReturn", "getReturnColumns")
                .operations("submitReturn", "listReturnSubmissions", "getReturnSubmission", "getReturnRevisions")
                ;
    }
}
