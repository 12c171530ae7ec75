//! Vacancies and resumes: posting, editing, closing and searching vacancies with filters and
//! pages; resumes with visibility, a CV and skills marked verified by certificates.
use iktomi_devnet::platform::within;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, spawn_app, TestApp, User};

fn vacancy(
    title: &str,
    kind: &str,
    format: &str,
    skills: Value,
    salary: Option<(i64, i64)>,
) -> Value {
    let mut v = json!({ "title": title, "description": format!("{title}: join us"), "kind": kind,
                        "format": format, "location": "Almaty", "tags": ["Backend"], "skills": skills });
    if let Some((min, max)) = salary {
        v["salary"] = json!({ "min": min, "max": max, "currency": "EUR" });
    }
    v
}

async fn ids(app: &TestApp, query: &str) -> Vec<String> {
    let (status, page) = app.get(&format!("/v1/vacancies?{query}"), None).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| v["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn managers_post_vacancies_that_anyone_searches_and_pages(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let emp = app.named_user("emp").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    app.join(&org, &hr, &emp, "employee").await;
    let post = format!("/v1/organizations/{org}/vacancies");

    let rust = json!([{ "name": "Rust", "level": 4 }, { "name": "PostgreSQL", "level": 3 }]);
    let (status, _) = app
        .post(
            &post,
            Some(&emp.token),
            vacancy("X", "job", "remote", rust.clone(), None),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "employees do not post");
    let (status, _) = app
        .post(
            &post,
            Some(&rival.token),
            vacancy("X", "job", "remote", rust.clone(), None),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nor do outsiders");
    let mut bad = vacancy(
        "",
        "job",
        "remote",
        json!([{ "name": "Rust", "level": 9 }, { "name": "rust", "level": 2 }]),
        Some((5, 1)),
    );
    bad["salary"]["currency"] = json!("euro");
    let (status, body) = app.post(&post, Some(&hr.token), bad).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for field in [
        "title",
        "salary.currency",
        "salary.min",
        "skills[0].level",
        "skills[1].name",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }

    let (status, backend) = app
        .post(
            &post,
            Some(&hr.token),
            vacancy(
                "Rust backend engineer",
                "job",
                "remote",
                rust.clone(),
                Some((4000, 6000)),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{backend}");
    assert_eq!(backend["skills"][0], json!({ "name": "rust", "level": 4 }));
    assert_eq!(backend["tags"], json!(["backend"]));
    app.post(
        &post,
        Some(&hr.token),
        vacancy(
            "Frontend gig",
            "gig",
            "hybrid",
            json!([{ "name": "TypeScript", "level": 3 }]),
            Some((1000, 2000)),
        ),
    )
    .await;
    app.post(
        &post,
        Some(&hr.token),
        vacancy(
            "Data engineer",
            "job",
            "office",
            json!([{ "name": "PostgreSQL", "level": 4 }]),
            None,
        ),
    )
    .await;

    assert_eq!(
        ids(&app, "").await,
        ["Data engineer", "Frontend gig", "Rust backend engineer"],
        "newest first"
    );
    assert_eq!(ids(&app, "skill=RUST").await, ["Rust backend engineer"]);
    assert_eq!(ids(&app, "kind=gig").await, ["Frontend gig"]);
    assert_eq!(ids(&app, "format=office").await, ["Data engineer"]);
    assert_eq!(
        ids(&app, "q=backend%20engineer").await,
        ["Rust backend engineer"]
    );
    assert_eq!(
        ids(&app, "salary_from=3000&currency=EUR").await,
        ["Rust backend engineer"]
    );
    assert_eq!(
        ids(&app, "salary_from=3000&currency=USD").await,
        Vec::<String>::new()
    );
    let (status, _) = app.get("/v1/vacancies?salary_from=3000", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.get("/v1/vacancies?kind=forever", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get("/v1/vacancies?cursor=garbage", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Two pages of two and one.
    let (_, first) = app.get("/v1/vacancies?limit=2", None).await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let cursor = first["next_cursor"].as_str().expect("more");
    let (_, second) = app
        .get(&format!("/v1/vacancies?limit=2&cursor={cursor}"), None)
        .await;
    assert_eq!(second["items"][0]["title"], "Rust backend engineer");
    assert!(second["next_cursor"].is_null());

    // Edit, close (gone from search, hidden from outsiders), reopen.
    let id = backend["id"].as_str().expect("id");
    let path = format!("/v1/vacancies/{id}");
    let edited = vacancy(
        "Senior Rust engineer",
        "job",
        "remote",
        rust,
        Some((5000, 7000)),
    );
    let (status, _) = app
        .send(Method::PUT, &path, Some(&rival.token), Some(edited.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .send(Method::PUT, &path, Some(&hr.token), Some(edited))
        .await;
    assert_eq!(
        (status, body["title"].as_str()),
        (StatusCode::OK, Some("Senior Rust engineer"))
    );
    let (status, closed) = app.act(&format!("{path}/close"), &hr.token).await;
    assert_eq!(
        (status, closed["status"].as_str()),
        (StatusCode::OK, Some("closed"))
    );
    assert!(!ids(&app, "")
        .await
        .contains(&"Senior Rust engineer".to_owned()));
    let (status, _) = app.get(&path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&path, Some(&emp.token)).await;
    assert_eq!(status, StatusCode::OK, "members still see it");
    let (status, _) = app.act(&format!("{path}/reopen"), &emp.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.act(&format!("{path}/reopen"), &hr.token).await;
    let (status, _) = app.get(&path, None).await;
    assert_eq!(status, StatusCode::OK);
}

async fn resume_with(app: &TestApp, who: &User, visibility: &str, skills: Value) -> Value {
    let body = json!({ "title": "Engineer", "summary": "Rust and SQL", "visibility": visibility, "skills": skills });
    let (status, created) = app.post("/v1/me/resumes", Some(&who.token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn matching_ranks_both_ways_and_explains_each_result(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let rival = app.named_user("rival").await;
    let (anna, boris, chen, dana) = (
        app.named_user("anna").await,
        app.named_user("boris").await,
        app.named_user("chen").await,
        app.named_user("dana").await,
    );
    let org = app.organization(&hr, "Acme").await;
    let post = format!("/v1/organizations/{org}/vacancies");
    let skills = json!([{ "name": "Rust", "level": 4 }, { "name": "SQL", "level": 2 }]);
    let (_, rust) = app
        .post(
            &post,
            Some(&hr.token),
            vacancy("Rust engineer", "job", "remote", skills, None),
        )
        .await;
    let (_, sql) = app
        .post(
            &post,
            Some(&hr.token),
            vacancy(
                "Analyst",
                "job",
                "office",
                json!([{ "name": "SQL", "level": 3 }]),
                None,
            ),
        )
        .await;
    app.post(
        &post,
        Some(&hr.token),
        vacancy(
            "Designer",
            "gig",
            "remote",
            json!([{ "name": "Figma", "level": 3 }]),
            None,
        ),
    )
    .await;

    let full = resume_with(
        &app,
        &anna,
        "public",
        json!([{ "name": "rust", "level": 5 }, { "name": "sql", "level": 2 }]),
    )
    .await;
    let partial = resume_with(
        &app,
        &boris,
        "public",
        json!([{ "name": "rust", "level": 2 }]),
    )
    .await;
    resume_with(
        &app,
        &chen,
        "private",
        json!([{ "name": "rust", "level": 5 }, { "name": "sql", "level": 5 }]),
    )
    .await;
    resume_with(
        &app,
        &dana,
        "employers",
        json!([{ "name": "rust", "level": 4 }, { "name": "sql", "level": 2 }]),
    )
    .await;

    let matches = format!(
        "/v1/vacancies/{}/matches",
        rust["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        app.get(&matches, Some(&rival.token)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{matches}?limit=0"), Some(&hr.token))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, ranked) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!(status, StatusCode::OK, "{ranked}");
    let owners: Vec<&str> = ranked
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["owner"].as_str())
        .collect();
    assert_eq!(
        owners,
        ["anna", "boris"],
        "private and employers-only (Acme is not verified) resumes stay out"
    );
    assert_eq!(ranked[0]["resume_id"], full["id"]);
    assert_eq!(
        ranked[0]["reasons"]["matched"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(ranked[1]["resume_id"], partial["id"]);
    assert_eq!(
        ranked[1]["reasons"]["missing"],
        json!([{ "name": "rust", "required": 4, "has": 2, "verified": false },
               { "name": "sql", "required": 2, "has": 0, "verified": false }])
    );
    assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());
    let (_, again) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!(again, ranked, "deterministic");

    let mine = format!(
        "/v1/me/resumes/{}/matches",
        full["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        app.get(&mine, Some(&boris.token)).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, found) = app.get(&mine, Some(&anna.token)).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let titles: Vec<&str> = found
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["Rust engineer", "Analyst"],
        "the designer gig shares no skill"
    );
    assert_eq!(found[1]["vacancy_id"], sql["id"]);
    assert_eq!(found[1]["reasons"]["missing"][0]["name"], "sql");
}

/// Who was matched, sorted: equal fits rank by resume id, which is random here.
fn owners(ranked: &Value) -> Vec<&str> {
    let mut owners: Vec<&str> = ranked
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["owner"].as_str())
        .collect();
    owners.sort();
    owners
}

/// Matching answers from an index it confirms in the same statement; these are the paths where
/// it must not: writes after the index was built, a closed vacancy and a private resume (neither
/// indexed), and an employer verified after its vacancies were first matched.
#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn matching_sees_every_write_before_it_and_what_the_index_leaves_out(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let hr = app.named_user("hr_lead").await;
    let (anna, boris, chen) = (
        app.named_user("anna").await,
        app.named_user("boris").await,
        app.named_user("chen").await,
    );
    let org = app.organization(&hr, "Acme").await;
    let post = format!("/v1/organizations/{org}/vacancies");
    let rust = json!([{ "name": "Rust", "level": 4 }]);
    let (_, lead) = app
        .post(
            &post,
            Some(&hr.token),
            vacancy("Rust lead", "job", "remote", rust.clone(), None),
        )
        .await;
    let lead = lead["id"].as_str().unwrap_or_default().to_owned();
    let matches = format!("/v1/vacancies/{lead}/matches");
    resume_with(
        &app,
        &anna,
        "public",
        json!([{ "name": "rust", "level": 5 }]),
    )
    .await;
    let (status, ranked) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!((status, owners(&ranked)), (StatusCode::OK, vec!["anna"]));

    // Written after the index was built.
    resume_with(
        &app,
        &boris,
        "public",
        json!([{ "name": "rust", "level": 4 }]),
    )
    .await;
    let hidden = resume_with(
        &app,
        &chen,
        "employers",
        json!([{ "name": "rust", "level": 5 }]),
    )
    .await;
    let (_, ranked) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!(
        owners(&ranked),
        ["anna", "boris"],
        "employers-only stays out: Acme is not verified"
    );

    // Verified now: the hint from the last answer is stale, the answer is not.
    sqlx::query("UPDATE organizations SET issuer_account = decode(repeat('ab', 32), 'hex') WHERE id = $1::uuid")
        .bind(&org)
        .execute(&db)
        .await
        .expect("verify the employer");
    let (_, ranked) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!(owners(&ranked), ["anna", "boris", "chen"]);

    // A closed vacancy is not indexed, yet its manager still sees who fits it.
    let (status, _) = app
        .act(&format!("/v1/vacancies/{lead}/close"), &hr.token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, ranked) = app.get(&matches, Some(&hr.token)).await;
    assert_eq!(
        (status, owners(&ranked)),
        (StatusCode::OK, vec!["anna", "boris", "chen"])
    );

    // A private resume is not indexed either; its owner still sees open vacancies for it.
    let (_, open) = app
        .post(
            &post,
            Some(&hr.token),
            vacancy("Rust dev", "job", "office", rust, None),
        )
        .await;
    let private = resume_with(
        &app,
        &chen,
        "private",
        json!([{ "name": "rust", "level": 3 }]),
    )
    .await;
    for (resume, who) in [(&private, &chen), (&hidden, &chen)] {
        let (status, found) = app
            .get(
                &format!(
                    "/v1/me/resumes/{}/matches",
                    resume["id"].as_str().unwrap_or_default()
                ),
                Some(&who.token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let ids: Vec<&str> = found
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|m| m["vacancy_id"].as_str())
            .collect();
        assert_eq!(
            ids,
            [open["id"].as_str().unwrap_or_default()],
            "only the open one"
        );
    }
    let (status, _) = app
        .get(
            &format!(
                "/v1/me/resumes/{}/matches",
                private["id"].as_str().unwrap_or_default()
            ),
            Some(&anna.token),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn resume(app: &TestApp, who: &User, visibility: &str) -> Value {
    let body = json!({ "title": "Rust engineer", "summary": "Backend services", "desired_kind": "job",
                       "visibility": visibility,
                       "skills": [{ "name": "Rust", "level": 4 }, { "name": "Go", "level": 2 }],
                       "experience": [{ "company": "Acme", "title": "Engineer", "start": "2022-03", "end": null }] });
    let (status, created) = app.post("/v1/me/resumes", Some(&who.token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn resumes_are_kept_by_their_owners_with_a_cv_and_shown_as_they_choose(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let boris = app.named_user("boris").await;

    let (status, template) = app.get("/v1/resumes/template", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut from_template = template.clone();
    from_template
        .as_object_mut()
        .expect("object")
        .remove("hints");
    let (status, body) = app
        .post("/v1/me/resumes", Some(&anna.token), from_template)
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the template itself is a valid resume: {body}"
    );

    let bad = json!({ "title": "", "experience": [{ "company": "A", "title": "B", "start": "2022-13", "end": "2021-01" }] });
    let (status, body) = app.post("/v1/me/resumes", Some(&anna.token), bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(3), "{body}");

    let public = resume(&app, &anna, "public").await;
    assert_eq!(
        public["skills"][0],
        json!({ "name": "rust", "level": 4, "verified": false })
    );
    let private = resume(&app, &anna, "private").await;
    let employers = resume(&app, &anna, "employers").await;
    let path = |r: &Value| format!("/v1/resumes/{}", r["id"].as_str().unwrap_or_default());
    assert_eq!(app.get(&path(&public), None).await.0, StatusCode::OK);
    assert_eq!(
        app.get(&path(&private), Some(&boris.token)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&path(&private), Some(&anna.token)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&path(&employers), Some(&boris.token)).await.0,
        StatusCode::NOT_FOUND,
        "boris employs nobody"
    );
    let (_, mine) = app.get("/v1/me/resumes", Some(&anna.token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(4));

    let mine_path = format!(
        "/v1/me/resumes/{}",
        public["id"].as_str().unwrap_or_default()
    );
    let edited = json!({ "title": "Senior Rust engineer", "visibility": "public", "skills": [] });
    let (status, _) = app
        .send(
            Method::PUT,
            &mine_path,
            Some(&boris.token),
            Some(edited.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not boris's");
    let (status, body) = app
        .send(
            Method::PUT,
            &mine_path,
            Some(&anna.token),
            Some(edited.clone()),
        )
        .await;
    assert_eq!(
        (status, body["title"].as_str()),
        (StatusCode::OK, Some("Senior Rust engineer"))
    );

    // A CV: PDFs only, stored by hash, readable as the resume is.
    let cv = format!("{mine_path}/cv");
    let pdf = b"%PDF-1.7\n% Anna's CV\n%%EOF".to_vec();
    let upload = |who: &User, content_type: &str, bytes: Vec<u8>| {
        app.http
            .put(app.at(&cv))
            .bearer_auth(&who.token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
    };
    let (status, _) = answer(
        upload(&anna, "image/png", b"\x89PNG\r\n\x1a\n".to_vec())
            .await
            .expect("upload"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = answer(
        upload(&boris, "application/pdf", pdf.clone())
            .await
            .expect("upload"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = answer(
        upload(&anna, "application/pdf", pdf.clone())
            .await
            .expect("upload"),
    )
    .await;
    assert_eq!(
        (status, body["has_cv"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{body}"
    );
    let response = app
        .http
        .get(app.at(&format!("{}/cv", path(&public))))
        .send()
        .await
        .expect("cv");
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), pdf);
    assert_eq!(
        app.get(&format!("{}/cv", path(&private)), None).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, _) = app
        .send(Method::DELETE, &mine_path, Some(&boris.token), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send(Method::DELETE, &mine_path, Some(&anna.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path(&public), None).await.0, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn employers_read_resumes_whose_skills_certificates_verify(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        // Her certificates go to her custodial wallet, which the API signs her acceptance with.
        let anna = crate::tenure::telegram_person(app, 4245, "anna").await;
        let rector = app.named_user("rector").await;
        let stranger = app.named_user("stranger").await;
        let university = verified_organization(app, &rector, "University").await;
        let shown = resume(app, &anna, "employers").await;
        let path = format!("/v1/resumes/{}", shown["id"].as_str().unwrap_or_default());
        assert_eq!(app.get(&path, Some(&stranger.token)).await.0, StatusCode::NOT_FOUND);
        let (status, seen) = app.get(&path, Some(&rector.token)).await;
        assert_eq!(status, StatusCode::OK, "a manager of a verified organization reads it");
        assert_eq!(seen["skills"][0]["verified"], false);

        let (status, course) = app
            .submit(&rector, &format!("/v1/organizations/{university}/certificates"), "c",
                json!({ "holder": "anna", "kind": "course", "title": "Rust in depth", "skills": ["Rust"] }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{course}");
        let id = course["id"].as_u64().expect("id");
        eventually(app, &format!("/v1/verify/{id}"), |v| v["status"] == "active").await;
        // A course from a university she never asked is hers once she accepts it.
        let (status, body) = app
            .submit(&anna, &format!("/v1/me/certificates/{id}/accept"), "accept", json!(null))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        eventually(app, &format!("/v1/verify/{id}"), |v| v["placement"] == "listed").await;
        // A verified skill ranks a resume above the same skills declared only.
        let twin = app.named_user("twin").await;
        resume(app, &twin, "employers").await;
        let (_, posted) = app
            .post(&format!("/v1/organizations/{university}/vacancies"), Some(&rector.token),
                vacancy("Rust lab assistant", "gig", "office", json!([{ "name": "Rust", "level": 4 }]), None))
            .await;
        let (_, ranked) = app
            .get(&format!("/v1/vacancies/{}/matches", posted["id"].as_str().unwrap_or_default()), Some(&rector.token))
            .await;
        assert_eq!(ranked[0]["owner"], "anna", "{ranked}");
        assert_eq!(ranked[0]["reasons"]["verified_weight"], 1.0);
        assert_eq!(ranked[1]["owner"], "twin");
        assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());

        let (_, seen) = app.get(&path, Some(&rector.token)).await;
        let verified: Vec<(String, bool)> = seen["skills"].as_array().expect("skills").iter()
            .map(|s| (s["name"].as_str().unwrap_or_default().to_owned(), s["verified"] == true)).collect();
        assert_eq!(verified, [("rust".to_owned(), true), ("go".to_owned(), false)]);

        // Revoked, the certificate no longer verifies the skill.
        app.submit(&rector, &format!("/v1/organizations/{university}/certificates/{id}/revoke"), "r",
            json!({ "reason": "issued_in_error" })).await;
        eventually(app, &format!("/v1/verify/{id}"), |v| v["status"] == "revoked").await;
        let (_, seen) = app.get(&path, Some(&anna.token)).await;
        assert_eq!(seen["skills"][0]["verified"], false);
        Ok(())
    })
    .await
}
