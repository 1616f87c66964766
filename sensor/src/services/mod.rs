//! The side services the sensor ships ([`crate::service::SideService`]): domain names resolved
//! for the rules that compare addresses with them ([`dns`]).
//!
//! Place in the data flow: outside sources → **side services** → state, between batches.

pub mod dns;

use crate::service::SideService;
use syssentry_engine::eval::RulesReport;

/// The services running `rules` needs: a resolver when a rule compares an address with a domain
/// name (`fd.sip.name`, `fd.rip.name`, ...).
pub fn for_rules(rules: &RulesReport) -> Vec<Box<dyn SideService>> {
    let mut out: Vec<Box<dyn SideService>> = Vec::new();
    if let Some(dns) = dns::DnsService::start(rules.dns_names.clone(), dns::system_resolve) {
        out.push(Box::new(dns));
    }
    out
}
