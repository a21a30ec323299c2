/** @module Help texts of the `crs` CLI (`crs --help`, `crs <command> --help`). */

const COMMON = `Common options:
  --db <file>        SQLite store (default data/targets.db, env CRS_DB)
  --app-id <id>      CRS AppId of the library (default local-crs-app, env CRS_APP_ID)
  --workers <n>      engine worker threads (default: CPU count, env CRS_WORKERS)
  -h, --help         this help
Set CRS_DEBUG=1 to see stack traces on errors.`

export const USAGE = `crs: local EasyAR-CRS-compatible cloud recognition server and target tool

Usage: crs <command> [options]

Commands:
  serve              run the HTTP server (/search, /v2/search, /targets, /token, …)
  add <image>        add one target image
  import <folder>    add every image of a folder (+ <name>.json meta sidecars)
  reindex            re-extract every target's features with this engine's settings
  meta <action> <f>  encode | decode | validate target meta (JSON ⇄ the base64 CRS stores)
  list               list the targets
  remove <id|name>   delete a target
  grade <image>      rate how recognizable an image is, in words
  similar <image>    show stored targets that look like an image
  search <image>     recognize an image; prints the JSON /search would answer
  token              mint a local access token (search only; --operator for the target API)

${COMMON}

Run "crs <command> --help" for the options of a command.`

export const COMMAND_HELP: Record<string, string> = {
  serve: `Usage: crs serve [--port 8787] [--host 127.0.0.1] [--db data/targets.db] [--app-id ID] [--token T] [--token-origins O,…] [--allowed-hosts H,…] [--seed]

Serves the CRS API until SIGINT/SIGTERM (then closes the server and the store cleanly).
  --port <n>         port (default 8787, env CRS_PORT; 0 = any free port)
  --host <addr>      interface (default 127.0.0.1, env CRS_HOST; 0.0.0.0 for phones on the LAN)
  --token <t>        also accept this fixed token, for search only (env CRS_TOKEN)
  --allowed-hosts <h,…>  Host names answered besides IPs, localhost and this machine's names
                     (".example.com" = it and its subdomains, "*" = any; env CRS_ALLOWED_HOSTS);
                     any other Host gets 403, like Vite's server.allowedHosts
  --token-origins <o,…>  POST /token answers only pages of these origins (and this server's own and
                     localhost ones); requests without an Origin are refused (env CRS_TOKEN_ORIGINS)
  --seed             add the sample targets from assets/targets (env CRS_SEED_DIR) if missing
The target API takes the API key signature or an operator token (crs token --operator, or a fixed
CRS_OPERATOR_TOKEN); tokens from POST /token and --token may only search.
Other settings come from the environment: CRS_QPS, CRS_TOKEN_QPS, CRS_TOKEN_TTL_S, CRS_CORS_ORIGINS,
CRS_API_KEY/CRS_API_SECRET, EASYAR_API_KEY/EASYAR_API_SECRET/EASYAR_CRS_APP_ID (see server/README.md).

${COMMON}`,
  add: `Usage: crs add <image> --name <name> [--meta '<json>' | --meta-file <file>] [--raw-meta] [--size <cm>] [--inactive] [--allow-similar] [--force]

Adds one JPEG/PNG/WebP target image.
  --name <n>         target name, 1–64 characters (required)
  --meta <json>      meta as JSON text; checked against the meta schema (src/protocol/meta.schema.json)
                     and stored as base64 of the UTF-8 JSON (what the app decodes)
  --meta-file <f>    read the meta from a file (same rules as --meta)
  --force            store meta that fails the schema check anyway (the app will refuse it)
  --raw-meta         store the meta string as given, without JSON check or base64 (e.g. a URL,
                     or something already base64-encoded)
  --size <cm>        printed width in cm (default 20)
  --inactive         add it disabled (never returned by search)
  --allow-similar    add even if a similar target exists (otherwise refused with status 419);
                     the look-alikes are named in a warning
A hard-to-recognize image (grade 3, 4 or −1, or a repetitive pattern) is added with a warning
that says why.
  --json             print the target as the protocol JSON instead of one line

${COMMON}`,
  import: `Usage: crs import <folder> [--update] [--force]

Adds each image of <folder> (png, jpg, jpeg, webp) as a target named after the file without its
extension; <name>.json next to it becomes its meta (base64 of the minified JSON). Each target is
its own transaction: one bad file is reported and the others still go in. A name already in the
store is skipped, or re-uploaded (image and meta) with --update. Similar images are allowed.
A sidecar that fails the meta schema fails its item (the others still go in) unless --force.
Progress goes to stderr (a bar on a terminal, one line per item otherwise).
Exit code 1 if any item failed.

${COMMON}`,
  reindex: `Usage: crs reindex

Re-extracts the features (and grade) of every stored target from its stored image with this
engine's settings, and rebuilds the index. Run it after upgrading when "crs serve" says the stored
features were made with other settings. Each target is its own transaction and searches keep
working meanwhile; an interrupted reindex is simply run again.

${COMMON}`,
  meta: `Usage: crs meta encode <file.json> [--force]
       crs meta decode <base64>
       crs meta validate <file.json> [--json]

Target meta is what appears when a print is recognized: JSON (see README, "Authoring content"),
stored in CRS as base64 of its UTF-8 text. The rules are src/protocol/meta.schema.json plus the
app's URL policy on an https page.
  encode             checks <file.json> and prints its base64, ready to paste into EasyAR's console
                     (refused when invalid unless --force; exit 1)
  decode             prints the JSON inside a stored meta string, then checks it (exit 1 if invalid)
  validate           checks <file.json>: each problem names its JSON path and the rule it breaks,
                     e.g. "$.actions[0].url: … (rule: pattern)"; exit 0 valid, 1 invalid,
                     2 unreadable (no such file, empty, or not JSON)
  --json             (validate) print {valid, errors, warnings, content} as JSON
Unknown keys are warnings (usually typos: the app ignores them).

${COMMON}`,
  list: `Usage: crs list [--json]

Lists every target: id, name, active, grade, size and last change.
  --json             print the protocol JSON ({targets:[…]}) instead of a table

${COMMON}`,
  remove: `Usage: crs remove <id|name>

Deletes a target by id, or by name when no id matches. Irreversible.

${COMMON}`,
  grade: `Usage: crs grade <image> [--json] [--out features.png]

Rates how easy the image is to recognize: grade 0–4 (lower is easier), −1 unusable, and says why
in words: too few features, features bunched in one area, low contrast, a repetitive pattern
(look-alike features that match each other), with what to change.
  --out <file.png>   draw the features the recognizer finds on the image (green rings; orange:
                     look-alikes) with a 4×4 grid of counts (red: cells with too few)
  --json             the measures and the explanation as JSON

${COMMON}`,
  similar: `Usage: crs similar <image> [--json]

Lists stored targets that look like the image (check before adding one).

${COMMON}`,
  search: `Usage: crs search <image> [--tracking]

Recognizes the image against the store and prints the JSON that POST /search would answer
(notracking=true unless --tracking is given). Exit code 0 on a hit, 1 when nothing matches.

${COMMON}`,
  token: `Usage: crs token [--operator] [--json] [--ttl <seconds>]

Mints a local access token for Authorization headers; prints only the token (use --json for
{token, expiration, appId, scope}). Accepted by a "crs serve" that shares CRS_API_SECRET and the AppId.
Without --operator the token may only search (like one from POST /token).
  --operator         a token for the target API too (/targets, /target/:id, /similar, /grade/*);
                     keep it out of pages and repositories, like the API secret
  --ttl <s>          lifetime (default 3600, env CRS_TOKEN_TTL_S)

${COMMON}`,
}
