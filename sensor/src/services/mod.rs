//! The side services the sensor ships ([`crate::service::SideService`]): domain names resolved
//! for the rules that compare addresses with them ([`dns`]), and container metadata from the
//! container engines ([`containers`]), kept bounded by [`container_cache`].
//!
//! Place in the data flow: outside sources → **side services** → state, between batches.

pub mod container_cache;
pub mod containers;
pub mod dns;

use crate::engines::config::EngineConfig;
use crate::log::Log;
use crate::service::SideService;
use std::sync::Arc;
use syssentry_engine::eval::RulesReport;

/// The side services a sensor running `rules` starts: container metadata from every configured
/// engine whose socket exists, and a resolver when a rule compares an address with a domain name
/// (`fd.sip.name`, `fd.rip.name`, ...).
pub fn start(rules: &RulesReport, engines: &EngineConfig, log: Arc<dyn Log>) -> Vec<Box<dyn SideService>> {
    let mut out: Vec<Box<dyn SideService>> = Vec::new();
    if let Some(c) = containers::ContainerService::start(engines, log) {
        out.push(Box::new(c));
    }
    if let Some(dns) = dns::DnsService::start(rules.dns_names.clone(), dns::system_resolve) {
        out.push(Box::new(dns));
    }
    out
}
