# The RustSec advisory database for cargo-deny, from the snapshot committed in
# deny/advisory-db.tar.gz, because the machines that run ./scripts/test cannot reach GitHub.
# cargo-deny reads a git checkout (it asks git for HEAD's date to judge staleness), so the
# snapshot becomes a one-commit repository dated as the upstream commit it was taken from.
# Sourced by scripts; advisory_db_up exports IKTOMI_ADVISORY_DBS, which deny.toml reads.
ADVISORY_SNAPSHOT="$PWD/deny/advisory-db.tar.gz"
ADVISORY_META="$PWD/deny/advisory-db.snapshot"

advisory_db_up() {
  export IKTOMI_ADVISORY_DBS="$PWD/.data/advisory-dbs"
  # cargo-deny names a database's directory after a hash of its URL (deny.toml's db-urls).
  local dir="$IKTOMI_ADVISORY_DBS/advisory-db-3157b0e258782691"
  local commit date
  commit=$(sed -n 's/^commit=//p' "$ADVISORY_META")
  date=$(sed -n 's/^date=//p' "$ADVISORY_META")
  if [[ $(cat "$dir/.snapshot" 2>/dev/null) == "$commit" ]]; then return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xzf "$ADVISORY_SNAPSHOT" -C "$dir" --strip-components=1
  (
    cd "$dir"
    git init -q
    git add -A
    GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" git -c user.name=iktomi \
      -c user.email=iktomi@localhost commit -qm "rustsec/advisory-db $commit"
  )
  echo "$commit" >"$dir/.snapshot"
}
