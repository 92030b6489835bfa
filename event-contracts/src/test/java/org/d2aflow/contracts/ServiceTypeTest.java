package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTypeTest {

    @Test
    void eachServiceTypeBelongsToItsPathway() {
        Map<ServiceType, Pathway> expected = new EnumMap<>(ServiceType.class);
        expected.put(ServiceType.SOCIAL_SUPPORT, Pathway.P0);
        expected.put(ServiceType.REABLEMENT_HOME, Pathway.P1);
        expected.put(ServiceType.REHAB_HOME, Pathway.P1);
        expected.put(ServiceType.SHORT_TERM_DOMCARE, Pathway.P1);
        expected.put(ServiceType.BEDDED_REABLEMENT, Pathway.P2);
        expected.put(ServiceType.BEDDED_REHAB, Pathway.P2);
        expected.put(ServiceType.SHORT_TERM_CARE_HOME, Pathway.P3);

        for (ServiceType type : ServiceType.values()) {
            assertThat(type.pathway()).as("%s", type).isEqualTo(expected.get(type));
        }
    }

    @Test
    void onlyReablementAndRehabilitationCountForTheNinetyOneDayCohort() {
        assertThat(Arrays.stream(ServiceType.values()).filter(ServiceType::isReablementOrRehab))
                .containsExactlyInAnyOrder(
                        ServiceType.REABLEMENT_HOME, ServiceType.REHAB_HOME, ServiceType.BEDDED_REABLEMENT, ServiceType.BEDDED_REHAB);
    }
}
