//! The Amazon ECS container agent's introspection API (`http://127.0.0.1:51678` on an ECS
//! instance), read-only: it completes the task fields of a container the agent started when
//! the container's labels leave some out. The agent labels every container it starts with its
//! cluster, task ARN, task definition family and revision and its name in the task; a container
//! with some of those labels and not all is looked up once by its Docker id (`GET
//! /v1/tasks?dockerid=ID`) and the cluster asked once (`GET /v1/metadata`); what the labels
//! miss is added as the labels the agent would have put. A container with none of them was not
//! started by the agent and is not looked up.
//!
//! Place in the data flow: Docker engine (after an inspection) → **this lookup** → the
//! container's description → state.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::time::Duration;
use syssentry_engine::state::ContainerInfo;

/// Where the agent listens on an ECS instance.
pub const DEFAULT_URL: &str = "http://127.0.0.1:51678";
/// How long one request to the agent may take (it is local).
const TIMEOUT: Duration = Duration::from_secs(2);
/// Bytes of an answer read at most.
const MAX_ANSWER: usize = 1 << 20;
/// How long the agent is left alone after a failed request (containers are described from
/// their labels meanwhile).
pub const PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// The labels the agent puts on every container it starts.
pub const CLUSTER: &str = "com.amazonaws.ecs.cluster";
/// The task's ARN.
pub const TASK_ARN: &str = "com.amazonaws.ecs.task-arn";
/// The task definition's family.
pub const FAMILY: &str = "com.amazonaws.ecs.task-definition-family";
/// The task definition's revision.
pub const REVISION: &str = "com.amazonaws.ecs.task-definition-version";
/// The container's name in the task definition.
pub const CONTAINER_NAME: &str = "com.amazonaws.ecs.container-name";
const LABELS: [&str; 5] = [CLUSTER, TASK_ARN, FAMILY, REVISION, CONTAINER_NAME];

/// Why the agent could not complete a container.
#[derive(Debug, thiserror::Error)]
pub enum EcsAgentError {
    /// The agent's URL is not one.
    #[error("the ECS agent URL {url} is invalid: {source}")]
    Url {
        /// As configured.
        url: String,
        /// Why.
        #[source]
        source: http::uri::InvalidUri,
    },
    /// The request failed (no agent listening, connection reset).
    #[error("asking the ECS agent {uri}: {source}")]
    Request {
        /// What was asked.
        uri: String,
        /// The client's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No answer in time.
    #[error("the ECS agent did not answer {uri} within {} s", TIMEOUT.as_secs())]
    Timeout {
        /// What was asked.
        uri: String,
    },
    /// The answer was not the agent's JSON.
    #[error("the ECS agent's answer to {uri} is not its JSON (status {status})")]
    Garbage {
        /// What was asked.
        uri: String,
        /// The HTTP status.
        status: u16,
    },
}

/// A client of one agent.
#[derive(Debug)]
pub struct EcsAgent {
    base: String,
    client: Client<HttpConnector, Empty<Bytes>>,
    /// The cluster, once asked.
    cluster: Option<String>,
    /// Not asked again before this, after a failure.
    paused_until: Option<std::time::Instant>,
    /// What the agent said of each container looked up (a container is inspected again at
    /// each of its events).
    known: std::collections::HashMap<String, Vec<(&'static str, String)>>,
}

/// Containers whose answer is remembered at most (then all are forgotten at once).
const MAX_KNOWN: usize = 4096;

impl EcsAgent {
    /// A client of the agent at `base` (e.g. [`DEFAULT_URL`]).
    pub fn new(base: &str) -> Result<EcsAgent, EcsAgentError> {
        base.parse::<http::Uri>().map_err(|source| EcsAgentError::Url { url: base.to_string(), source })?;
        let client = Client::builder(TokioExecutor::new()).build_http();
        Ok(EcsAgent { base: base.trim_end_matches('/').to_string(), client, cluster: None, paused_until: None, known: Default::default() })
    }

    /// Whether the last request failed (and no later one succeeded).
    pub fn failing(&self) -> bool {
        self.paused_until.is_some()
    }

    /// Adds the task labels `info` misses, when it has some (the agent started it) and not all.
    /// `Ok(false)` when there was nothing to complete, or the agent failed less than
    /// [`PAUSE_AFTER_FAILURE`] ago; after a failure (returned) it is left alone that long.
    pub async fn complete(&mut self, info: &mut ContainerInfo) -> Result<bool, EcsAgentError> {
        let present = LABELS.iter().filter(|l| info.labels.contains_key(**l)).count();
        if present == 0 || present == LABELS.len() {
            return Ok(false);
        }
        let now = std::time::Instant::now();
        if self.paused_until.is_some_and(|t| now < t) {
            return Ok(false);
        }
        let result = self.lookup(info).await;
        self.paused_until = result.is_err().then_some(now + PAUSE_AFTER_FAILURE);
        result.map(|()| true)
    }

    async fn lookup(&mut self, info: &mut ContainerInfo) -> Result<(), EcsAgentError> {
        if !self.known.contains_key(&info.full_id) {
            let found = self.ask(&info.full_id).await?;
            if self.known.len() >= MAX_KNOWN {
                self.known.clear();
            }
            self.known.insert(info.full_id.clone(), found);
        }
        for (label, value) in self.known.get(&info.full_id).into_iter().flatten() {
            info.labels.entry(label.to_string()).or_insert_with(|| value.clone());
        }
        Ok(())
    }

    /// The task labels the agent knows for container `docker_id` (the cluster asked once).
    async fn ask(&mut self, docker_id: &str) -> Result<Vec<(&'static str, String)>, EcsAgentError> {
        if self.cluster.is_none() {
            let meta = self.get("/v1/metadata").await?;
            self.cluster = meta.get("Cluster").and_then(Value::as_str).map(str::to_string);
        }
        let answer = self.get(&format!("/v1/tasks?dockerid={docker_id}")).await?;
        let task = own_task(&answer, docker_id);
        let text = |v: Option<&Value>, key: &str| v.and_then(|t| t.get(key)).and_then(Value::as_str).map(str::to_string);
        let found = [
            (CLUSTER, self.cluster.clone()),
            (TASK_ARN, text(task, "Arn")),
            (FAMILY, text(task, "Family")),
            (REVISION, text(task, "Version")),
            (CONTAINER_NAME, task.and_then(|t| own_container(t, docker_id)).and_then(|c| text(Some(c), "Name"))),
        ];
        Ok(found.into_iter().filter_map(|(label, value)| value.filter(|v| !v.is_empty()).map(|v| (label, v))).collect())
    }

    async fn get(&self, path: &str) -> Result<Value, EcsAgentError> {
        let uri = format!("{}{path}", self.base);
        let request = || -> Result<http::Request<Empty<Bytes>>, EcsAgentError> {
            http::Request::get(&uri).body(Empty::new()).map_err(|e| EcsAgentError::Request { uri: uri.clone(), source: Box::new(e) })
        };
        let call = async {
            let response =
                self.client.request(request()?).await.map_err(|e| EcsAgentError::Request { uri: uri.clone(), source: Box::new(e) })?;
            let status = response.status().as_u16();
            let body = http_body_util::Limited::new(response.into_body(), MAX_ANSWER)
                .collect()
                .await
                .map_err(|e| EcsAgentError::Request { uri: uri.clone(), source: e })?
                .to_bytes();
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) if status == 200 && v.is_object() => Ok(v),
                _ => Err(EcsAgentError::Garbage { uri: uri.clone(), status }),
            }
        };
        tokio::time::timeout(TIMEOUT, call).await.map_err(|_| EcsAgentError::Timeout { uri: uri.clone() })?
    }
}

/// The task of container `docker_id` in an answer: the task itself (`?dockerid=` answers one),
/// or the one listing it (a `{"Tasks": [...]}` answer).
fn own_task<'a>(answer: &'a Value, docker_id: &str) -> Option<&'a Value> {
    match answer.get("Tasks").and_then(Value::as_array) {
        Some(tasks) => tasks.iter().find(|t| own_container(t, docker_id).is_some()),
        None => answer.get("Arn").is_some().then_some(answer),
    }
}

/// The entry of container `docker_id` in a task's `Containers`.
fn own_container<'a>(task: &'a Value, docker_id: &str) -> Option<&'a Value> {
    task.get("Containers")?.as_array()?.iter().find(|c| c.get("DockerId").and_then(Value::as_str) == Some(docker_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "189a8ff4b5f04affe40e5160a5ffadca395136eb5faf4950c57963c06f82c76d";

    #[test]
    fn a_task_is_found_in_either_answer() {
        let one: Value = serde_json::json!({
            "Arn": "arn:aws:ecs:us-west-2:123456789012:task/090eff9b", "Family": "web", "Version": "6",
            "Containers": [{"DockerId": ID, "DockerName": "ecs-web-6-app-86ca", "Name": "app"}]
        });
        assert_eq!(own_task(&one, ID).and_then(|t| t.get("Family")), Some(&Value::from("web")));
        let all = serde_json::json!({"Tasks": [{"Arn": "other", "Containers": []}, one.clone()]});
        assert_eq!(own_task(&all, ID), Some(&one));
        assert_eq!(own_container(&one, ID).and_then(|c| c.get("Name")), Some(&Value::from("app")));
        assert!(own_task(&serde_json::json!({"Tasks": []}), ID).is_none());
        assert!(own_task(&serde_json::json!({}), ID).is_none());
    }

    #[test]
    fn only_a_container_the_agent_started_and_not_fully_labelled_is_looked_up() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        // Nothing listens on port 9 of loopback: any lookup would fail.
        let mut agent = EcsAgent::new("http://127.0.0.1:9").unwrap();
        let mut plain = ContainerInfo { full_id: ID.into(), ..ContainerInfo::default() };
        assert!(!rt.block_on(agent.complete(&mut plain)).unwrap(), "no ECS label: not the agent's");
        let mut full = plain.clone();
        for l in LABELS {
            full.labels.insert(l.into(), "x".into());
        }
        assert!(!rt.block_on(agent.complete(&mut full)).unwrap(), "all labels: nothing to complete");
        let mut partial = plain.clone();
        partial.labels.insert(TASK_ARN.into(), "arn".into());
        assert!(matches!(rt.block_on(agent.complete(&mut partial)), Err(EcsAgentError::Request { .. })));
        assert!(!rt.block_on(agent.complete(&mut partial)).unwrap(), "left alone after a failure");
        assert!(matches!(EcsAgent::new("not a url"), Err(EcsAgentError::Url { .. })));
    }
}
