package org.d2aflow.simulator.model;

import java.util.List;
import java.util.Optional;

import org.d2aflow.simulator.model.Codes.ServiceType;

/**
 * The short-term services of the synthetic county, one per service type, with the units they declare at full
 * scale. Units scale with the county's volume (never below one) so that a tenth of the county meets roughly the
 * same pressure on its services. Pathway 0 (Age UK "hospital to home", SOCIAL_SUPPORT) has no capacity to manage
 * and is not registered with capacity-service.
 */
public final class ServiceCatalog {

    /** One service as provider staff register it. */
    public record ServiceSpec(String key, String name, ServiceType serviceType, String locality, int unitsAtFullScale,
            String provider) {

        public String unit() {
            return serviceType.unit();
        }

        /**
         * Units at a fraction of the county's volume, at least one. A small service turns more claims away than a large
         * one at the same load (with few units, all of them are more often taken at once), so below full scale it
         * gets a few more units than the bare fraction, growing with the square root of its size, to keep the share
         * declined about the same.
         */
        public int units(double scale) {
            double bare = unitsAtFullScale * scale;
            return Math.max(1, (int) Math.round(bare + SMALL_SERVICE_ALLOWANCE * Math.sqrt(bare) * (1 - Math.min(1, scale))));
        }
    }

    /** How much a scaled-down service's units grow with the square root of its size (tuned on the planned declines). */
    static final double SMALL_SERVICE_ALLOWANCE = 0.6;

    /** Where county-wide services are registered; capacity-service wants a locality for every service. */
    public static final String COUNTY_WIDE = "County-wide";

    /**
     * The seeds' Home First caseload cap is 30-40 concurrent clients: 34, with the model's time in service, declines about
     * a quarter of pathway-1 claims over a year. Beds are sized so that bedded declines stay at or under one in ten.
     */
    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("home-first", "Home First", ServiceType.REABLEMENT_HOME, COUNTY_WIDE, 34, Organisations.COUNCIL),
            new ServiceSpec("bridging", "Short-term home care (bridging)", ServiceType.SHORT_TERM_DOMCARE, COUNTY_WIDE, 32,
                    Organisations.HOME_CARE_PROVIDER),
            new ServiceSpec("hillside", "Hillside reablement unit", ServiceType.BEDDED_REABLEMENT, Localities.CITY_NORTH, 23,
                    Organisations.COMMUNITY_TRUST),
            new ServiceSpec("ledbury", "Ledbury intermediate care unit", ServiceType.BEDDED_REHAB, Localities.EAST, 20,
                    Organisations.COMMUNITY_TRUST),
            new ServiceSpec("care-home-beds", "Care-home beds (block contract)", ServiceType.SHORT_TERM_CARE_HOME, COUNTY_WIDE, 27,
                    Organisations.CARE_HOME_PROVIDER));

    /** The county's organisations, as the org claim of their staff's tokens names them (made-up codes). */
    public static final class Organisations {
        /** The acute trust whose coordinators record every referral. */
        public static final String ACUTE_TRUST = "SIM-ACUTE";
        public static final String COUNCIL = "SIM-COUNCIL";
        public static final String HOME_CARE_PROVIDER = "SIM-HOMECARE";
        public static final String COMMUNITY_TRUST = "SIM-COMMUNITY";
        public static final String CARE_HOME_PROVIDER = "SIM-CAREHOMES";

        private Organisations() {
        }
    }

    private ServiceCatalog() {
    }

    public static Optional<ServiceSpec> forType(ServiceType type) {
        return SERVICES.stream().filter(s -> s.serviceType() == type).findFirst();
    }

    /** The county's four localities, as DOMAIN.md names them. */
    public static final class Localities {
        public static final String CITY_NORTH = "Hereford City North and rural";
        public static final String CITY_SOUTH = "Hereford City South and Golden Valley";
        public static final String EAST = "East";
        public static final String NORTH_WEST = "North and West";

        public static final String[] ALL = {CITY_NORTH, CITY_SOUTH, EAST, NORTH_WEST};
        /** Shares of the county's discharges (population weights, the city a little heavier). */
        public static final double[] WEIGHTS = {0.30, 0.25, 0.25, 0.20};

        private Localities() {
        }
    }
}
