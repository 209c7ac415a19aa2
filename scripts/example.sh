#!/usr/bin/env bash
# `npm run example`: the main job on the bundled example shop, as a new user would run it.
# Works on a scratch copy in .infra-tmp/ (inside the repository, so the generated code compiles against the
# repository's sequelize), against a database of its own (infra_example_shop), and leaves both for you to look at.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

example=${1:-shop-cjs}
work="$root/.infra-tmp/example-$example"
# INFRA_EXAMPLE_DATABASE: another database (the README quick-start test runs on one of its own)
database="${INFRA_EXAMPLE_DATABASE:-infra_example_${example//-/_}}"
export INFRA_MYSQL_URL="mysql://root@127.0.0.1:3306/$database"

scripts/services up
# start over: a fresh copy and a fresh database (migrations are regenerated with new names)
node -e "require('mysql2/promise').createConnection({host:'127.0.0.1',user:'root'}).then(async (c) => { await c.query('DROP DATABASE IF EXISTS \`$database\`'); await c.end() })"
rm -rf "$work"
mkdir -p "$root/.infra-tmp"
cp -r "examples/$example" "$work"

infra() {
  printf '\n$ infra %s\n' "$*"
  node "$root/bin/run.js" "$@" --cwd "$work"
}

infra doctor --wait 60s
infra init --yes
infra generate repository --all --yes
infra outbox init
infra migrate up --create-database
infra migrate status
infra queue declare
infra queue plan --check
infra generate repository --all --check

printf '\n$ tsc -p %s --noEmit   (the generated code, under the example'\''s strict tsconfig)\n' "${work#"$root"/}"
node node_modules/typescript/bin/tsc -p "$work/tsconfig.json" --noEmit
echo "compiles."

printf '\nDone. Generated project: %s\nDatabase: %s (the next run starts it over)\n' "$work" "$INFRA_MYSQL_URL"
