//! The plugin's worker thread: the sensor runtime (`syssentry_sensor`) with the configured source
//! and the queue sink. Nothing here runs on a Fluent Bit thread.
//!
//! Place in the data flow: source → event → state → evaluation → output (the runtime, on this
//! thread) → queue → collect callback → Fluent Bit.
//!
//! The worker never stops consuming events while the plugin lives, not even while Fluent Bit has
//! paused the input: skipping events would leave the state tables wrong. Back pressure is taken
//! by the bounded queue instead, whose drops are counted and reported.

use crate::config::{Config, SourceKind};
use crate::shared::Shared;
use crate::sink::QueueSink;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;
use syssentry_engine::eval::RulesReport;
use syssentry_sensor::error::{RunError, StartError};
use syssentry_sensor::failure::OnFailure;
use syssentry_sensor::log::{Level, Log};
use syssentry_sensor::runtime::{Sensor, SensorOptions};
use syssentry_sensor::source::SourceOpener;
use syssentry_sensor::sources::{ebpf, synthetic};

/// Why the worker could not start.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The thread could not be created.
    #[error("cannot start the worker thread: {0}")]
    Thread(#[source] std::io::Error),
    /// The sensor did not start (the host refused capture, `/proc` unreadable, ...).
    #[error(transparent)]
    Sensor(#[from] StartError),
    /// The sensor did not start in time.
    #[error("the event source did not start within {0} seconds")]
    Timeout(u64),
    /// The worker panicked while starting the sensor.
    #[error("the worker thread failed while starting the sensor")]
    Panicked,
}

/// How long init waits for the source to open (loading BPF programs takes a few seconds).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The source the configuration names.
fn opener(cfg: &Config, report: &RulesReport) -> SourceOpener {
    match cfg.source {
        SourceKind::Ebpf => ebpf::opener(ebpf::EbpfOptions::for_rules(
            &report.ruleset,
            cfg.ring_buffer_bytes,
            &cfg.host_root,
        )),
        SourceKind::Synthetic(opts) => synthetic::opener(opts),
    }
}

/// Starts the worker thread; returns once the sensor runs (or failed to start).
pub fn spawn(
    name: String,
    cfg: Config,
    report: RulesReport,
    shared: Arc<Shared>,
    log: Arc<dyn Log>,
) -> Result<JoinHandle<()>, WorkerError> {
    let (tx, rx) = mpsc::channel::<Result<(), StartError>>();
    let sh = shared.clone();
    let handle = std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            let started = AtomicBool::new(false);
            let result = catch_unwind(AssertUnwindSafe(|| run(&cfg, report, &sh, &log, tx, &started)));
            if result.is_err() {
                // The runtime turns panics in its loop into source failures; one that escapes
                // it still must not leave the input looking healthy.
                log.log(Level::Error, "the worker thread failed unexpectedly; no more alerts will be produced");
                if cfg.on_failure == OnFailure::Exit && started.load(Ordering::Acquire) {
                    crate::exit::request(&sh, &*log);
                }
            }
            sh.finished.store(true, Ordering::Release);
        })
        .map_err(WorkerError::Thread)?;
    let outcome = match rx.recv_timeout(START_TIMEOUT) {
        Ok(Ok(())) => return Ok(handle),
        Ok(Err(e)) => WorkerError::Sensor(e),
        Err(mpsc::RecvTimeoutError::Timeout) => WorkerError::Timeout(START_TIMEOUT.as_secs()),
        Err(mpsc::RecvTimeoutError::Disconnected) => WorkerError::Panicked,
    };
    shared.stop.store(true, Ordering::Release);
    let _ = handle.join();
    Err(outcome)
}

fn run(
    cfg: &Config,
    report: RulesReport,
    sh: &Arc<Shared>,
    log: &Arc<dyn Log>,
    ready: mpsc::Sender<Result<(), StartError>>,
    started: &AtomicBool,
) {
    let output = cfg.output_options();
    let hostname = output.hostname.clone();
    let mut opts = SensorOptions::new(log.clone());
    opts.on_failure = cfg.on_failure;
    opts.metadata_wait = cfg.metadata_wait;
    opts.evaluation_threads = match cfg.evaluation_threads {
        0 => syssentry_sensor::runtime::all_cores(),
        n => n,
    };
    opts.stats = sh.stats.clone();
    let source = opener(cfg, &report);
    // The synthetic scenario is not the host: no container runtime is asked about it.
    let engines = match cfg.source {
        SourceKind::Ebpf => cfg.engines.clone(),
        SourceKind::Synthetic(_) => syssentry_sensor::engines::config::EngineConfig { engines: Vec::new(), ..cfg.engines.clone() },
    };
    let services = syssentry_sensor::services::start(&report, &engines, log.clone());
    let mut sensor = match Sensor::start(Arc::new(report.ruleset), output, source, services, opts) {
        Ok((sensor, seeded)) => {
            log.log(Level::Info, &format!("{seeded}; source {}", sensor.source_name()));
            started.store(true, Ordering::Release);
            let _ = ready.send(Ok(()));
            sensor
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let mut sink = QueueSink::new(sh.clone(), hostname);
    match sensor.run(&mut sink, &sh.stop) {
        Ok(()) => {}
        Err(RunError::SourceFailed { .. }) if cfg.on_failure == OnFailure::Exit => {
            // The failure alert is queued; the runtime logged the error.
            drop(sensor);
            crate::exit::request(sh, &**log);
        }
        Err(e) => log.log(Level::Error, &format!("the sensor stopped: {e}; no more alerts will be produced")),
    }
}
