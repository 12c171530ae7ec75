-- The queries an anonymous GET /v1/people/{handle} runs when it reads the database
-- (api/src/profiles/profile.rs `account_by_handle` and `load`, api/src/profiles/items.rs `load`);
-- keep in step.
\set n random(1, 1000)
SELECT id FROM accounts WHERE handle = 'person' || :n::int
UNION ALL
SELECT account_id FROM handle_reservations
WHERE handle = 'person' || :n::int AND reserved_until > now() AND account_id IS NOT NULL
LIMIT 1;
SELECT a.handle, p.display_name, p.headline, p.updated_at,
       p.about, p.about_visibility::text, iktomi_visible(p.about_visibility, a.id, NULL),
       p.photo_url, p.photo_visibility::text, iktomi_visible(p.photo_visibility, a.id, NULL),
       p.location, p.location_visibility::text, iktomi_visible(p.location_visibility, a.id, NULL)
FROM accounts a JOIN profiles p ON p.account_id = a.id
WHERE a.id = ('00000000-0000-0000-0001-' || lpad(to_hex(:n::int), 12, '0'))::uuid;
SELECT name, level, visibility::text FROM profile_skills
WHERE account_id = ('00000000-0000-0000-0001-' || lpad(to_hex(:n::int), 12, '0'))::uuid
  AND iktomi_visible(visibility, account_id, NULL) ORDER BY position;
SELECT institution, degree, field, start_year, end_year, visibility::text FROM profile_education
WHERE account_id = ('00000000-0000-0000-0001-' || lpad(to_hex(:n::int), 12, '0'))::uuid
  AND iktomi_visible(visibility, account_id, NULL) ORDER BY position;
SELECT company, title, description, start_date, end_date, visibility::text FROM profile_experience
WHERE account_id = ('00000000-0000-0000-0001-' || lpad(to_hex(:n::int), 12, '0'))::uuid
  AND iktomi_visible(visibility, account_id, NULL) ORDER BY position;
