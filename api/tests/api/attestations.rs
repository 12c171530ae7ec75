//! The attestation rules of PRODUCT.md as a table of scenarios on a moved clock: resuming keeps
//! the order and the running timer; at the deadline an attempt finishes by itself on the answers
//! given and counts as used, whether or not its owner comes back; answers after it are refused;
//! coming back to a finished attempt shows it, and only an explicit retry starts the next, with a
//! fresh timer and order; no attempt beyond the limit. Then who earns.
use chrono::{DateTime, Duration, Utc};
use iktomi_api::attestations::attempts::finish_overdue;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{kind, spawn_app, TestApp, User};

const LIMIT: i64 = 600;

#[derive(Debug, Clone, Copy)]
enum Step {
    Theory,
    /// An explicit start (`retry`): a new attempt.
    Start,
    /// Coming back with no attempt running: the last one, finished, with its result.
    Return,
    /// Starting again while an attempt runs: the same attempt, order and answers, less time.
    Reopen,
    Advance(i64),
    Right(usize),
    Wrong(usize),
    Finish,
    /// The background sweeper runs (its owner is away).
    Sweep,
    Result {
        score: i64,
        passed: bool,
        timed_out: bool,
    },
    AnswerRefused,
    StartRefused(&'static str),
    /// The attempt just started is a new one: next number, fresh timer, order drawn again.
    Fresh,
}

use Step::*;

struct Scenario {
    name: &'static str,
    steps: &'static [Step],
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "close the page, resume two minutes later",
        steps: &[
            Theory,
            Start,
            Right(1),
            Advance(120),
            Reopen,
            Right(3),
            Finish,
            Result {
                score: 100,
                passed: true,
                timed_out: false,
            },
        ],
    },
    Scenario {
        name: "time runs out with some answers",
        steps: &[
            Theory,
            Start,
            Right(2),
            Wrong(1),
            Advance(LIMIT + 1),
            AnswerRefused,
            Result {
                score: 50,
                passed: false,
                timed_out: true,
            },
            Return,
            Theory,
            Start,
            Fresh,
        ],
    },
    Scenario {
        name: "finished by itself while away: the same result on return",
        steps: &[
            Theory,
            Start,
            Right(3),
            Advance(3 * LIMIT),
            Sweep,
            Advance(3600),
            Result {
                score: 75,
                passed: true,
                timed_out: true,
            },
            Return,
            Start,
            Fresh,
        ],
    },
    Scenario {
        name: "pass, then retry with a fresh timer and order",
        steps: &[
            Theory,
            Start,
            Right(4),
            Advance(30),
            Finish,
            Result {
                score: 100,
                passed: true,
                timed_out: false,
            },
            Advance(45),
            Start,
            Fresh,
            Advance(LIMIT - 1),
            Right(1),
        ],
    },
    Scenario {
        name: "fail, then retry with a fresh timer",
        steps: &[
            Theory,
            Start,
            Wrong(4),
            Finish,
            Result {
                score: 0,
                passed: false,
                timed_out: false,
            },
            Advance(10),
            Start,
            Fresh,
            Right(4),
            Finish,
            Result {
                score: 100,
                passed: true,
                timed_out: false,
            },
        ],
    },
    Scenario {
        name: "attempts exhausted",
        steps: &[
            Theory,
            Start,
            Finish,
            Start,
            Advance(LIMIT),
            AnswerRefused,
            StartRefused("no-attempts-left"),
        ],
    },
    Scenario {
        name: "theory before the test",
        steps: &[StartRefused("theory-first"), Theory, Start],
    },
];

fn questions() -> Value {
    json!((1..=4)
        .map(
            |i| json!({ "text": format!("Question {i}"), "kind": "single",
        "options": ["right", "wrong", "also wrong", "never"], "correct": [0] })
        )
        .collect::<Vec<_>>())
}

fn body(now: DateTime<Utc>, assignees: &[&str]) -> Value {
    json!({ "title": "Safety rules", "theory": "Read this first.", "time_limit_secs": LIMIT, "passing_score": 75,
        "max_attempts": 2, "opens_at": now - Duration::minutes(1), "closes_at": now + Duration::days(30),
        "points": 40, "questions": questions(), "assignees": assignees })
}

async fn attestation(app: &TestApp, admin: &User, org: &str, assignees: &[&str]) -> String {
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&admin.token),
            body(app.clock_now(), assignees),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("id").to_owned()
}

impl TestApp {
    fn clock_now(&self) -> DateTime<Utc> {
        use iktomi_api::http::clock::Clock;
        self.clock.now()
    }
}

fn order(attempt: &Value) -> Vec<(String, Vec<String>)> {
    attempt["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap_or_default().to_owned(),
                q["options"]
                    .as_array()
                    .expect("options")
                    .iter()
                    .map(|o| o.as_str().unwrap_or_default().to_owned())
                    .collect(),
            )
        })
        .collect()
}

struct Run<'a> {
    app: &'a TestApp,
    who: &'a User,
    attestation: String,
    attempt: Value,
    previous: Option<Value>,
}

impl Run<'_> {
    async fn answer(&mut self, n: usize, right: bool) {
        let id = self.attempt["id"].as_str().expect("id").to_owned();
        let open: Vec<Value> = self.attempt["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .filter(|q| q["chosen"].as_array().is_some_and(Vec::is_empty))
            .take(n)
            .cloned()
            .collect();
        assert_eq!(open.len(), n, "enough unanswered questions");
        for q in open {
            let want = if right { "right" } else { "wrong" };
            let pick = q["options"]
                .as_array()
                .expect("options")
                .iter()
                .position(|o| o == want)
                .expect("option");
            let (status, body) = self
                .app
                .send(
                    Method::PUT,
                    &format!(
                        "/v1/attempts/{id}/answers/{}",
                        q["id"].as_str().expect("qid")
                    ),
                    Some(&self.who.token),
                    Some(json!({ "chosen": [pick] })),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            self.attempt = body;
        }
    }

    async fn step(&mut self, step: Step) {
        let app = self.app;
        let start = format!("/v1/attestations/{}/attempts", self.attestation);
        let id = self.attempt["id"].as_str().unwrap_or_default().to_owned();
        match step {
            Theory => {
                let (status, _) = app
                    .post(
                        &format!("/v1/attestations/{}/theory", self.attestation),
                        Some(&self.who.token),
                        json!({}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK);
            }
            Start => {
                let retry = json!({ "retry": true });
                let (status, body) = app.post(&start, Some(&self.who.token), retry).await;
                assert_eq!(status, StatusCode::CREATED, "{body}");
                assert_eq!(body["remaining_secs"], LIMIT);
                self.previous = Some(std::mem::replace(&mut self.attempt, body));
            }
            Return => {
                let (status, body) = app.post(&start, Some(&self.who.token), json!({})).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                assert_eq!(body["id"], self.attempt["id"], "the attempt that finished");
                assert_eq!(body["result"], self.attempt["result"], "with its result");
            }
            Reopen => {
                let before = self.attempt.clone();
                let (status, body) = app.post(&start, Some(&self.who.token), json!({})).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                assert_eq!(body["id"], before["id"], "the same attempt");
                assert_eq!(
                    order(&body),
                    order(&before),
                    "the same order of questions and options"
                );
                let questions = body["questions"].as_array().expect("questions");
                let chosen = |v: &Value| {
                    v["questions"]
                        .as_array()
                        .expect("q")
                        .iter()
                        .map(|q| q["chosen"].clone())
                        .collect::<Vec<_>>()
                };
                assert_eq!(chosen(&body), chosen(&before), "the answers kept");
                assert_eq!(questions.len(), 4);
                let deadline: DateTime<Utc> =
                    serde_json::from_value(body["deadline"].clone()).expect("deadline");
                let left = ((deadline - app.clock_now()).num_milliseconds().max(0) + 999) / 1000;
                assert_eq!(body["remaining_secs"], left, "the timer kept running");
                self.attempt = body;
            }
            Advance(secs) => app.clock.advance(Duration::seconds(secs)),
            Right(n) => self.answer(n, true).await,
            Wrong(n) => self.answer(n, false).await,
            Finish => {
                let (status, body) = app
                    .post(
                        &format!("/v1/attempts/{id}/finish"),
                        Some(&self.who.token),
                        json!({}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{body}");
                self.attempt = body;
            }
            Sweep => {
                let s = &app.state;
                finish_overdue(
                    s,
                    app.clock_now(),
                    iktomi_api::attestations::attempts::Scope::All,
                )
                .await
                .expect("sweep");
            }
            Result {
                score,
                passed,
                timed_out,
            } => {
                let (status, body) = app
                    .get(&format!("/v1/attempts/{id}"), Some(&self.who.token))
                    .await;
                assert_eq!(status, StatusCode::OK);
                let r = &body["result"];
                assert_eq!(
                    (
                        r["score"].as_i64(),
                        r["passed"].as_bool(),
                        r["timed_out"].as_bool()
                    ),
                    (Some(score), Some(passed), Some(timed_out)),
                    "{body}"
                );
                if timed_out {
                    assert_eq!(
                        r["finished_at"], body["deadline"],
                        "finished at the deadline, as Moodle's autosubmit"
                    );
                }
                assert_eq!(body["remaining_secs"], 0);
                self.attempt = body;
            }
            AnswerRefused => {
                let q = self.attempt["questions"][0]["id"]
                    .as_str()
                    .expect("qid")
                    .to_owned();
                let (status, body) = app
                    .send(
                        Method::PUT,
                        &format!("/v1/attempts/{id}/answers/{q}"),
                        Some(&self.who.token),
                        Some(json!({ "chosen": [0] })),
                    )
                    .await;
                assert_eq!(
                    (status, kind(&body)),
                    (StatusCode::CONFLICT, "attempt-over"),
                    "{body}"
                );
            }
            StartRefused(slug) => {
                let retry = json!({ "retry": true });
                let (status, body) = app.post(&start, Some(&self.who.token), retry).await;
                assert_eq!(
                    (status, kind(&body)),
                    (StatusCode::CONFLICT, slug),
                    "{body}"
                );
            }
            Fresh => {
                let previous = self.previous.as_ref().expect("a previous attempt");
                let a = &self.attempt;
                assert_eq!(
                    a["number"].as_i64(),
                    previous["number"].as_i64().map(|n| n + 1)
                );
                let started: DateTime<Utc> =
                    serde_json::from_value(a["started_at"].clone()).expect("start");
                assert_eq!(started, app.clock_now(), "a fresh timer");
                assert!(a["questions"]
                    .as_array()
                    .expect("q")
                    .iter()
                    .all(|q| q["chosen"].as_array().is_some_and(Vec::is_empty)));
                // 4! orders of questions times 4!^4 of options: the same draw is a 1-in-8e6 chance.
                assert_ne!(order(a), order(previous), "the order is drawn again");
            }
        }
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_timing_rules_hold_scenario_by_scenario(db: PgPool) {
    let app = spawn_app(db).await;
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let org = app.organization(&admin, "Acme").await;
    app.join(&org, &admin, &dana, "employee").await;
    for scenario in SCENARIOS {
        let attestation = attestation(&app, &admin, &org, &["dana"]).await;
        let mut run = Run {
            app: &app,
            who: &dana,
            attestation,
            attempt: Value::Null,
            previous: None,
        };
        for (i, step) in scenario.steps.iter().enumerate() {
            eprintln!("{}: step {i} {step:?}", scenario.name);
            run.step(*step).await;
        }
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn passing_earns_an_employee_points_and_a_badge_and_tells_the_overseers(db: PgPool) {
    let app = spawn_app(db).await;
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let max = app.named_user("max").await;
    let outsider = app.named_user("outsider").await;
    let org = app.organization(&admin, "Acme").await;
    app.join(&org, &admin, &dana, "employee").await;
    app.join(&org, &admin, &max, "manager").await;
    let id = attestation(&app, &admin, &org, &["dana", "max"]).await;

    let (status, problem) = app
        .post(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&max.token),
            body(app.clock_now(), &[]),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only admins create: {problem}"
    );
    let mut bad = json!({ "title": "Bad", "time_limit_secs": 5, "passing_score": 101, "max_attempts": 0,
        "opens_at": "2027-01-02T00:00:00Z", "closes_at": "2027-01-01T00:00:00Z",
        "questions": [{ "text": "Q", "kind": "single", "options": ["a", "b"], "correct": [0, 1] }],
        "assignees": ["outsider"] });
    let (status, problem) = app
        .post(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&admin.token),
            bad.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "time_limit_secs",
            "passing_score",
            "max_attempts",
            "closes_at",
            "questions[0].correct"
        ],
        "{problem}"
    );
    bad["time_limit_secs"] = json!(60);
    bad["passing_score"] = json!(50);
    bad["max_attempts"] = json!(1);
    bad["closes_at"] = json!("2027-02-01T00:00:00Z");
    bad["questions"][0]["correct"] = json!([0]);
    let (_, problem) = app
        .post(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&admin.token),
            bad,
        )
        .await;
    assert_eq!(
        problem["errors"][0]["field"], "assignees[0]",
        "not a member: {problem}"
    );
    assert_eq!(
        app.get(&format!("/v1/attestations/{id}"), Some(&outsider.token))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    for who in [&dana, &max] {
        app.post(
            &format!("/v1/attestations/{id}/theory"),
            Some(&who.token),
            json!({}),
        )
        .await;
        let (_, attempt) = app
            .post(
                &format!("/v1/attestations/{id}/attempts"),
                Some(&who.token),
                json!({}),
            )
            .await;
        let aid = attempt["id"].as_str().expect("id").to_owned();
        for q in attempt["questions"].as_array().expect("q") {
            let pick = q["options"]
                .as_array()
                .expect("o")
                .iter()
                .position(|o| o == "right")
                .expect("right");
            app.send(
                Method::PUT,
                &format!(
                    "/v1/attempts/{aid}/answers/{}",
                    q["id"].as_str().expect("id")
                ),
                Some(&who.token),
                Some(json!({ "chosen": [pick] })),
            )
            .await;
        }
        let (_, done) = app
            .post(
                &format!("/v1/attempts/{aid}/finish"),
                Some(&who.token),
                json!({}),
            )
            .await;
        assert_eq!(done["result"]["passed"], true);
    }
    let standing = |h: &str| format!("/v1/organizations/{org}/members/{h}/standing");
    let (_, dana_standing) = app.get(&standing("dana"), Some(&admin.token)).await;
    assert_eq!(
        (
            dana_standing["points"].as_i64(),
            dana_standing["earns"].as_bool()
        ),
        (Some(40), Some(true))
    );
    assert_eq!(dana_standing["badges"][0]["code"], "attestation-passed");
    let (_, max_standing) = app.get(&standing("max"), Some(&admin.token)).await;
    assert_eq!(
        (
            max_standing["points"].as_i64(),
            max_standing["earns"].as_bool()
        ),
        (Some(0), Some(false)),
        "managers earn nothing"
    );
    assert!(max_standing["badges"].as_array().is_some_and(Vec::is_empty));
    let (_, board) = app
        .get(
            &format!("/v1/organizations/{org}/leaderboard"),
            Some(&max.token),
        )
        .await;
    assert_eq!(
        board,
        json!([{ "rank": 1, "handle": "dana", "points": 40 }])
    );

    let (_, inbox) = app.get("/v1/me/notifications", Some(&admin.token)).await;
    let results: Vec<&Value> = inbox
        .as_array()
        .expect("inbox")
        .iter()
        .filter(|n| n["kind"] == "attestation_result")
        .collect();
    assert_eq!(results.len(), 2, "the admin hears of both: {inbox}");
    let (_, inbox) = app.get("/v1/me/notifications", Some(&dana.token)).await;
    let kinds: Vec<&str> = inbox
        .as_array()
        .expect("inbox")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"badge_received")
            && kinds.contains(&"attestation_assigned")
            && kinds.contains(&"attestation_opened"),
        "{kinds:?}"
    );
    let (_, overview) = app
        .get(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&max.token),
        )
        .await;
    assert_eq!(overview[0]["attempts"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        app.get(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&dana.token)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn passing_an_attestation_that_grants_a_certificate_issues_it_on_chain(
    db: PgPool,
) -> anyhow::Result<()> {
    iktomi_devnet::platform::within(300, async {
        let chain = crate::chain_support::spawn_chain_app(db).await?;
        let app = &chain.app;
        let admin = app.named_user("hr_admin").await;
        let dana = app.named_user("dana").await;
        let org = crate::chain_support::verified_organization(app, &admin, "Acme").await;
        app.join(&org, &admin, &dana, "employee").await;
        let mut with_certificate = body(app.clock_now(), &["dana"]);
        with_certificate["certificate"] = json!(true);
        let (status, created) = app
            .post(
                &format!("/v1/organizations/{org}/attestations"),
                Some(&admin.token),
                with_certificate,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let mut run = Run {
            app,
            who: &dana,
            attestation: id,
            attempt: Value::Null,
            previous: None,
        };
        for step in [
            Theory,
            Start,
            Right(4),
            Finish,
            Result {
                score: 100,
                passed: true,
                timed_out: false,
            },
        ] {
            run.step(step).await;
        }
        // Two replicas' sweepers racing: the owed certificate is leased by one of them.
        let (one, other) = tokio::join!(
            iktomi_api::attestations::owed_certificates::issue_owed(&app.state),
            iktomi_api::attestations::owed_certificates::issue_owed(&app.state),
        );
        assert_eq!(one? + other?, 1, "queued once");
        let attempt = run.attempt["id"].as_str().expect("id").to_owned();
        let seen = attempt_with_certificate(app, &dana, &attempt).await;
        let certificate = seen["result"]["certificate_id"]
            .as_u64()
            .expect("certificate id");
        let verified =
            crate::chain_support::eventually(app, &format!("/v1/verify/{certificate}"), |v| {
                v["status"] == "active"
            })
            .await;
        assert_eq!(verified["kind"], "achievement");
        assert_eq!(
            iktomi_api::attestations::owed_certificates::issue_owed(&app.state).await?,
            0,
            "issued once"
        );
        let (_, standing) = app
            .get(
                &format!("/v1/organizations/{org}/members/dana/standing"),
                Some(&dana.token),
            )
            .await;
        let mut badges: Vec<&str> = standing["badges"]
            .as_array()
            .expect("badges")
            .iter()
            .filter_map(|b| b["code"].as_str())
            .collect();
        badges.sort_unstable();
        assert_eq!(
            standing["points"], 90,
            "40 for passing, 50 for the certificate: {standing}"
        );
        assert_eq!(badges, ["attestation-passed", "first-certificate"]);
        Ok(())
    })
    .await
}

/// The attempt once the chain operation issuing its certificate is final.
async fn attempt_with_certificate(app: &TestApp, who: &User, attempt: &str) -> Value {
    for _ in 0..150 {
        let (_, seen) = app
            .get(&format!("/v1/attempts/{attempt}"), Some(&who.token))
            .await;
        if seen["result"]["certificate_id"].is_u64() {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the attempt's certificate was never issued");
}
