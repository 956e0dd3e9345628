//! Endpoint resolution: region, FIPS, dual-stack and custom endpoints, per the service rule set.
