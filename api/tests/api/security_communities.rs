//! Communities as a confused deputy: an organization admin names a Telegram chat that is not
//! theirs (the audit group, another organization's private chat) and asks the bot for invite
//! links to it. Each attack is refused before the bot makes a link.
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::support::{kind, spawn_app_with, TestApp, User};
use iktomi_telegram_fake::{FakeBot, Status, CHAT};

/// A private chat of some other organization; the bot was added there as an admin.
const PRIVATE_CHAT: i64 = -1_009_999_999_999;

async fn app_with_bot(db: PgPool, audit_chat: Option<i64>) -> (TestApp, FakeBot) {
    let bot = FakeBot::start(crate::support::BOT_TOKEN).await;
    let base = bot.url.clone();
    let app = spawn_app_with(db, move |s| {
        s.telegram.api_base = base;
        s.telegram.audit_chat_id = audit_chat;
    })
    .await;
    (app, bot)
}

/// A named user signed in with Telegram as `telegram_id` too, admin of a new organization.
async fn admin_with_telegram(app: &TestApp, handle: &str, telegram_id: i64) -> (User, String) {
    let user = app.named_user(handle).await;
    let (status, body) = app.telegram_attempt(telegram_id, Some(&user.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let org = app.organization(&user, &format!("{handle} Ltd")).await;
    (user, org)
}

async fn add_community(
    app: &TestApp,
    who: &User,
    org: &str,
    chat: i64,
) -> (StatusCode, serde_json::Value) {
    app.post(
        &format!("/v1/organizations/{org}/communities"),
        Some(&who.token),
        json!({ "name": "Our chat", "telegram_chat_id": chat }),
    )
    .await
}

fn invite_links_made(bot: &FakeBot) -> usize {
    bot.calls()
        .iter()
        .filter(|(method, _)| method == "createChatInviteLink")
        .count()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_admin_cannot_register_a_chat_they_do_not_administer(db: PgPool) {
    let (app, bot) = app_with_bot(db, None).await;
    bot.add_chat(PRIVATE_CHAT, "Rival's private chat", Status::Administrator);
    bot.set_member(PRIVATE_CHAT, 7001, Status::Creator);
    let (mallory, org) = admin_with_telegram(&app, "mallory", 6666).await;
    bot.set_member(PRIVATE_CHAT, 6666, Status::Member);

    let (status, problem) = add_community(&app, &mallory, &org, PRIVATE_CHAT).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "{problem}"
    );
    // Nor as an admin who may not invite people.
    bot.set_member(PRIVATE_CHAT, 6666, Status::RestrictedAdministrator);
    let (status, _) = add_community(&app, &mallory, &org, PRIVATE_CHAT).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor without a Telegram account the chat could know.
    let eve = app.named_user("eve").await;
    let eve_org = app.organization(&eve, "Eve Ltd").await;
    let (status, problem) = add_community(&app, &eve, &eve_org, PRIVATE_CHAT).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    // A chat the bot does not see at all.
    let (status, problem) = add_community(&app, &mallory, &org, -1_000_000_000_042).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");

    let (_, listed) = app
        .get(
            &format!("/v1/organizations/{org}/communities"),
            Some(&mallory.token),
        )
        .await;
    assert_eq!(listed, json!([]));
    assert_eq!(invite_links_made(&bot), 0);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_audit_chat_cannot_become_a_community(db: PgPool) {
    let (app, bot) = app_with_bot(db, Some(CHAT)).await;
    let (hr, org) = admin_with_telegram(&app, "hr_lead", 5001).await;
    // Even an admin of the audit group cannot turn it into a community.
    bot.set_member(CHAT, 5001, Status::Creator);
    let (status, problem) = add_community(&app, &hr, &org, CHAT).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "{problem}"
    );
    assert!(problem["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("audit"));
    assert!(bot.calls().is_empty(), "refused before asking Telegram");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_chat_belongs_to_one_organization(db: PgPool) {
    let (app, bot) = app_with_bot(db, None).await;
    let (hr, org) = admin_with_telegram(&app, "hr_lead", 5001).await;
    let (rival, rival_org) = admin_with_telegram(&app, "rival", 5002).await;
    bot.set_member(CHAT, 5001, Status::Creator);
    bot.set_member(CHAT, 5002, Status::Administrator);

    let (status, community) = add_community(&app, &hr, &org, CHAT).await;
    assert_eq!(status, StatusCode::CREATED, "{community}");
    assert!(community["verified_at"].is_string());
    let (status, problem) = add_community(&app, &rival, &rival_org, CHAT).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "chat-taken"),
        "{problem}"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_chat_where_the_bot_may_not_invite_is_refused(db: PgPool) {
    let (app, bot) = app_with_bot(db, None).await;
    bot.add_chat(PRIVATE_CHAT, "Plain group", Status::Member);
    let (hr, org) = admin_with_telegram(&app, "hr_lead", 5001).await;
    bot.set_member(PRIVATE_CHAT, 5001, Status::Creator);
    let (status, problem) = add_community(&app, &hr, &org, PRIVATE_CHAT).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "bot-not-chat-admin"),
        "{problem}"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_community_stored_before_proofs_invites_nobody_until_its_chat_is_proven(db: PgPool) {
    let (app, bot) = app_with_bot(db.clone(), None).await;
    let (mallory, org) = admin_with_telegram(&app, "mallory", 6666).await;
    // Registered under the old rules, naming a chat mallory does not administer.
    let community = uuid::Uuid::new_v4();
    sqlx::query(
        "INSERT INTO communities (id, organization_id, name, telegram_chat_id, created_by)
         SELECT $1, $2::uuid, 'Old', $3, $4::uuid",
    )
    .bind(community)
    .bind(&org)
    .bind(CHAT)
    .bind(&mallory.account_id)
    .execute(&db)
    .await
    .expect("legacy community");
    let base = format!("/v1/organizations/{org}/communities/{community}");

    let (status, problem) = app.act(&format!("{base}/invites"), &mallory.token).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "community-unproven"),
        "{problem}"
    );
    let (status, _) = app.act(&format!("{base}/proof"), &mallory.token).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "mallory is no admin of the chat"
    );
    assert_eq!(invite_links_made(&bot), 0);

    bot.set_member(CHAT, 6666, Status::Administrator);
    let (status, body) = app.act(&format!("{base}/proof"), &mallory.token).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, done) = app.act(&format!("{base}/invites"), &mallory.token).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (_, listed) = app
        .get(
            &format!("/v1/organizations/{org}/communities"),
            Some(&mallory.token),
        )
        .await;
    assert_eq!(listed[0]["name"], "Old", "the stored row is kept");
}
