//! `iktomi-demo`: fills a running platform with a university, an employer, a conference organizer
//! and three people, runs PRODUCT.md scenarios 2–7 through the HTTP API, and prints a public link
//! for each certificate — active, superseded, revoked and expired ones side by side. The ids go to
//! `--out`; a second run finds them there and only prints the links.
mod client;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use reqwest::Method;
use serde_json::{json, Value};

use client::{Api, Person};

#[derive(Parser)]
struct Args {
    /// The API's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    api: String,
    /// Where the demo's certificates are recorded.
    #[arg(long, default_value = ".data/demo.json")]
    out: PathBuf,
}

/// The certificates the demo made: (what, id).
type Made = Vec<(String, u64)>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let api = Api::new(&args.api);
    if let Ok(text) = std::fs::read_to_string(&args.out) {
        let made: Made = serde_json::from_str(&text).context("the demo record")?;
        if let Some((_, first)) = made.first() {
            if api.get(&format!("/v1/verify/{first}"), None).await.is_ok() {
                eprintln!("[demo] already on this platform ({}):", args.out.display());
                return print(&api, &made).await;
            }
        }
    }
    let made = run(&api).await?;
    std::fs::write(&args.out, serde_json::to_string_pretty(&made)?)?;
    print(&api, &made).await
}

async fn print(api: &Api, made: &Made) -> anyhow::Result<()> {
    println!("\n{:<58} {:<11} link", "certificate", "status");
    for (what, id) in made {
        let v = api.get(&format!("/v1/verify/{id}"), None).await?;
        let status = v["status"].as_str().unwrap_or("?");
        println!("{what:<58} {status:<11} {}", api.url(&format!("/c/{id}")));
    }
    for handle in ["anna", "boris", "chen"] {
        println!(
            "profile of @{handle:<49} {}",
            api.url(&format!("/u/{handle}"))
        );
    }
    println!("API docs: {}", api.url("/docs"));
    Ok(())
}

/// An organization of `admin`, verified by the operator and registered on chain.
async fn organization(api: &Api, admin: &Person, name: &str, kind: &str) -> anyhow::Result<String> {
    let body = json!({ "name": name, "kind": kind, "website": "https://example.org" });
    let org = api.post("/v1/organizations", &admin.token, body).await?;
    let id = org["id"].as_str().context("organization id")?.to_owned();
    let request = api
        .post(
            &format!("/v1/organizations/{id}/verification"),
            &admin.token,
            json!({ "web_domain": "example.org" }),
        )
        .await?;
    let request = request["id"].as_str().context("verification request id")?;
    // Operator actions need a session the operator wallet signed within the re-auth window.
    let operator = api.person("//Alice", "", "", "").await?;
    api.post(
        &format!("/v1/verification-requests/{request}/approve"),
        &operator.token,
        json!({}),
    )
    .await?;
    api.until(&format!("/v1/organizations/{id}"), |o| {
        o["verified"] == true
    })
    .await?;
    eprintln!("[demo] {name} is a verified issuer");
    Ok(id)
}

/// `member` joins `org` as `role` at `admin`'s invitation.
async fn join(
    api: &Api,
    org: &str,
    admin: &Person,
    member: &Person,
    role: &str,
) -> anyhow::Result<()> {
    api.post(
        &format!("/v1/organizations/{org}/members"),
        &admin.token,
        json!({ "handle": member.handle, "role": role }),
    )
    .await?;
    api.call(
        Method::POST,
        &format!("/v1/organizations/{org}/invitation/accept"),
        Some(&member.token),
        None,
        Some(json!({})),
        &[],
    )
    .await?;
    Ok(())
}

fn id(v: &Value) -> anyhow::Result<u64> {
    v["id"]
        .as_u64()
        .with_context(|| format!("no certificate id in {v}"))
}

async fn run(api: &Api) -> anyhow::Result<Made> {
    let mut made = Made::new();
    let rector = api
        .person(
            "//IktomiDemo//rector",
            "rector",
            "Irina Rectorova",
            "Rector",
        )
        .await?;
    let hr = api
        .person("//IktomiDemo//hr", "hr_lead", "Helen HR", "Head of people")
        .await?;
    let organizer = api
        .person(
            "//IktomiDemo//organizer",
            "organizer",
            "Oleg Organizer",
            "Program chair",
        )
        .await?;
    let anna = api
        .person(
            "//IktomiDemo//anna",
            "anna",
            "Anna Ivanova",
            "Physicist turned Rust engineer",
        )
        .await?;
    let boris = api
        .person(
            "//IktomiDemo//boris",
            "boris",
            "Boris Petrov",
            "Backend engineer",
        )
        .await?;
    api.person("//IktomiDemo//chen", "chen", "Chen Wei", "QA engineer")
        .await?;
    // Boris keeps his certificates in a custodial wallet, which signs his stake.
    let wallets = api.get("/v1/me/wallets", Some(&boris.token)).await?;
    for w in wallets
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["kind"] == "external")
    {
        let address = w["address"].as_str().unwrap_or_default();
        api.call(
            Method::DELETE,
            &format!("/v1/me/wallets/{address}"),
            Some(&boris.token),
            None,
            None,
            &[],
        )
        .await?;
    }

    let university = organization(api, &rector, "Demo State University", "university").await?;
    let employer = organization(api, &hr, "Demo Robotics", "employer").await?;
    let conference = organization(api, &organizer, "RustConf Demo", "conference_organizer").await?;

    // Scenario 2: a diploma; an employer verifies it from its link. One issued in error is revoked.
    let issue = format!("/v1/organizations/{university}/certificates");
    let diploma = api
        .submit(&rector, &issue, "demo-diploma-anna", json!({ "holder": "anna", "kind": "diploma",
            "title": "BSc in Physics", "description": "Bachelor of Science in Physics, with honours",
            "criteria": "Completed 240 ECTS and defended a thesis" }))
        .await?;
    made.push(("Scenario 2: BSc in Physics (anna)".into(), id(&diploma)?));
    let mistaken = api
        .submit(
            &rector,
            &issue,
            "demo-diploma-chen",
            json!({ "holder": "chen", "kind": "diploma", "title": "MSc in Chemistry" }),
        )
        .await?;
    api.submit(
        &rector,
        &format!(
            "/v1/organizations/{university}/certificates/{}/revoke",
            id(&mistaken)?
        ),
        "demo-revoke-chen",
        json!({ "reason": "issued_in_error" }),
    )
    .await?;
    made.push((
        "Scenario 2: MSc issued in error, revoked (chen)".into(),
        id(&mistaken)?,
    ));

    // Scenario 3: hire, stake, promote, and a dismissal.
    join(api, &employer, &hr, &boris, "employee").await?;
    api.submit(
        &hr,
        &format!("/v1/organizations/{employer}/tenure-programs"),
        "demo-program",
        json!({ "title": "First minute at Demo Robotics", "milestone_days": 0.0007 }),
    )
    .await?;
    let hires = format!("/v1/organizations/{employer}/employments");
    let hired = api
        .submit(
            &hr,
            &hires,
            "demo-hire-boris",
            json!({ "holder": "boris", "title": "Engineer", "position": "Engineer" }),
        )
        .await?;
    api.until(&format!("/v1/verify/{}", id(&hired)?), |v| {
        v["status"] == "active"
    })
    .await?;
    api.submit(
        &boris,
        &format!("/v1/me/certificates/{}/stake", id(&hired)?),
        "demo-stake",
        Value::Null,
    )
    .await?;
    let promoted = api
        .submit(
            &hr,
            &format!("{hires}/{}/promote", id(&hired)?),
            "demo-promote-boris",
            json!({ "title": "Senior engineer", "position": "Senior engineer" }),
        )
        .await?;
    made.push((
        "Scenario 3: Engineer, superseded by the promotion (boris)".into(),
        id(&hired)?,
    ));
    made.push((
        "Scenario 3: Senior engineer, staked (boris)".into(),
        id(&promoted)?,
    ));
    let chen_hired = api
        .submit(
            &hr,
            &hires,
            "demo-hire-chen",
            json!({ "holder": "chen", "title": "QA engineer", "position": "QA engineer" }),
        )
        .await?;
    api.submit(
        &hr,
        &format!("{hires}/{}/dismiss", id(&chen_hired)?),
        "demo-dismiss-chen",
        Value::Null,
    )
    .await?;
    made.push((
        "Scenario 3: QA engineer, dismissed (chen)".into(),
        id(&chen_hired)?,
    ));

    // Scenario 4: a course certificate to share on VK; a short course that expires in a minute.
    let course = api
        .submit(&rector, &issue, "demo-course-anna", json!({ "holder": "anna", "kind": "course",
            "title": "Rust for Scientists", "description": "12-week course", "evidence": ["https://example.org/rust-course"] }))
        .await?;
    made.push((
        "Scenario 4: course Rust for Scientists (anna)".into(),
        id(&course)?,
    ));
    let expires = chrono_in(60);
    let short = api
        .submit(
            &rector,
            &issue,
            "demo-course-chen",
            json!({ "holder": "chen", "kind": "course",
            "title": "Safety briefing", "expires_at": expires }),
        )
        .await?;
    made.push((
        "Scenario 4: Safety briefing, valid one minute (chen)".into(),
        id(&short)?,
    ));

    // Scenario 5: a project's achievement.
    let achievement = api
        .submit(
            &hr,
            &format!("/v1/organizations/{employer}/certificates"),
            "demo-achievement-boris",
            json!({ "holder": "boris", "kind": "achievement", "title": "Project Atlas shipped",
                    "description": "Led the backend of Project Atlas to production" }),
        )
        .await?;
    made.push((
        "Scenario 5: Project Atlas shipped (boris)".into(),
        id(&achievement)?,
    ));

    // Scenario 6: conference attendance for a cohort, one transaction.
    let batch = api
        .submit(&organizer, &format!("/v1/organizations/{conference}/certificates/batch"), "demo-conference",
            json!({ "kind": "event", "title": "Attended RustConf Demo 2026", "holders_csv": "handle\nanna\nboris\nchen\n" }))
        .await?;
    for item in batch["certificates"].as_array().into_iter().flatten() {
        let holder = item["holder"].as_str().unwrap_or("?");
        made.push((
            format!("Scenario 6: RustConf Demo attendance ({holder})"),
            id(item)?,
        ));
    }

    // Scenario 7: an endorsement asked and written; a recommendation minted by the employer.
    let asked = api
        .post(
            "/v1/me/recommendation-requests",
            &anna.token,
            json!({ "author": "boris", "kind": "endorsement", "skill": "Rust" }),
        )
        .await?;
    let asked = asked["id"].as_str().context("request id")?;
    api.post(
        &format!("/v1/recommendations/{asked}/write"),
        &boris.token,
        json!({ "text": "Anna writes careful, well-tested Rust." }),
    )
    .await?;
    let written = api
        .post("/v1/people/anna/recommendations", &boris.token,
            json!({ "kind": "recommendation", "text": "Anna led our move to Rust; I would hire her again." }))
        .await?;
    let minted = api
        .submit(
            &hr,
            &format!(
                "/v1/organizations/{employer}/recommendations/{}/mint",
                written["id"].as_str().unwrap_or_default()
            ),
            "demo-mint",
            Value::Null,
        )
        .await?;
    made.push((
        "Scenario 7: recommendation by boris, minted (anna)".into(),
        id(&minted)?,
    ));

    eprintln!("[demo] waiting for the indexer to mirror every certificate ...");
    for (_, certificate) in &made {
        api.until(&format!("/v1/verify/{certificate}"), |v| {
            v["status"].is_string()
        })
        .await?;
    }
    api.until(&format!("/v1/verify/{}", id(&short)?), |v| {
        v["status"] == "expired"
    })
    .await?;
    Ok(made)
}

/// An RFC 3339 time `secs` from now.
fn chrono_in(secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(secs))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
