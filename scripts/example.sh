#!/usr/bin/env bash
# `npm run example`: the main job on the bundled example shop, as a new user would run it.
# Works on a scratch copy in .infra-tmp/ (inside the repository, so the generated code compiles against the
# repository's packages), against a database of its own (infra_example_shop_cjs), and leaves both for you to look at.
# What it runs and prints: docs/example.md.
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

# the scratch copy's cache keys carry its database's name, so two runs (a quick-start test beside you) never share them
printf 'cache:\n  prefix: %s\n' "$database" >>"$work/infra.config.yaml"

infra doctor --wait 60s
infra init --yes
# the whole infrastructure layer of the shop's domain, and its composition root (src/infrastructure/index.ts)
infra generate repository --all --yes
infra generate search --all
infra generate cache --all
infra generate publisher --all
infra generate consumer --all
infra outbox init
# the environment: migrations (creating the database), the search index, the RabbitMQ topology; then nothing is left
infra setup --wait 60s
infra setup --check
infra generate repository --all --check

if [ ! -f "$work/tsconfig.app.json" ]; then
  # an example without an application (shop-esm): the generated code type-checks, and that is all there is to run
  printf '\n$ tsc -p %s --noEmit\n' "${work#"$root"/}/tsconfig.json"
  node node_modules/typescript/bin/tsc -p "$work/tsconfig.json" --noEmit
  echo "compiles."
  printf '\nDone. Generated project: %s\n' "$work"
  exit 0
fi

printf '\n$ tsc -p %s   (the generated code and the application, under the example'\''s strict tsconfig)\n' "${work#"$root"/}/tsconfig.app.json"
node node_modules/typescript/bin/tsc -p "$work/tsconfig.app.json"
echo "compiles."

# the application (examples/shop-cjs/app/): it uses createInfrastructure(...) and the ports, nothing else
app() {
  printf '\n$ node dist/app/main.js %s\n' "$1"
  (cd "$work" && node dist/app/main.js "$1")
}
app place
infra outbox status
infra outbox replay
app read

printf '\nDone. Generated project: %s\nDatabase: %s (the next run starts it over)\n' "$work" "$INFRA_MYSQL_URL"
