package org.d2aflow.testkit.layers.infrastructure;

import org.d2aflow.testkit.layers.api.LeakyResource;

/** Points back at the api, which closes a package cycle. */
public class Row {

    public String name = "row";

    Class<?> shownBy() {
        return LeakyResource.class;
    }
}
