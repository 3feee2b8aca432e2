#!/usr/bin/env python3
"""Breaks the build on purpose, once per property, and shows the test that
guards the property failing — then restores the source.

Each mutation replaces one snippet of source with a broken version, rebuilds
the server (and unit tests), runs the guarding tests and expects them to FAIL.
A mutation whose tests still pass means the test cannot fail on that bug.

    scripts/mutations.py [--build-dir build] [name ...]

Needs a configured build directory (make server). The fuzz mutation also
needs build-fuzz (make build-fuzz). The source is restored even on Ctrl-C;
finally everything is rebuilt from the restored source.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

NAIVE_LOG = '''std::string text = "{";
    for (auto& kv : line) {
        text += "\\"" + std::string(kv.key()) + "\\":";
        text += kv.value().is_string() ? "\\"" + std::string(kv.value().as_string()) + "\\""
                                       : boost::json::serialize(kv.value());
        text += ",";
    }
    text.back() = '}';'''

# name, what breaks, file, old, new, ctest regex ('' for the fuzzer)
MUTATIONS = [
    ("idempotency", "retries with an Idempotency-Key are not remembered",
     "src/api/execute.cpp", "if (idem_key) ENT_TRY(Remember(", "if (false) ENT_TRY(Remember(",
     r"^sqlite\.api\.(CrashRestart|FoundationApi\.IdempotencyKey)"),
    ("pg-isolation", "PostgreSQL write transactions run READ COMMITTED instead of SERIALIZABLE",
     "src/storage/postgres/pg_database.cpp", '"BEGIN ISOLATION LEVEL SERIALIZABLE"',
     '"BEGIN ISOLATION LEVEL READ COMMITTED"', r"^postgres\.api\.ContentionApi"),
    ("common-passwords", "common passwords are accepted",
     "src/service/passwords.cpp", "if (CommonPasswords().count(Lower(password)) > 0) {",
     "if (false && CommonPasswords().count(Lower(password)) > 0) {", r"^sqlite\.api\.UsersApi\.CommonPasswords"),
    ("session-on-password-change", "a password change leaves the other sessions open",
     "src/service/identity_service.cpp", "ENT_TRY(storage::SessionRepository(tx).EndAllOf(before.id, current_session, now));",
     "(void)current_session;", r"^sqlite\.api\.SessionsApi\.PasswordChange"),
    ("idle-expiry", "sessions never expire when idle",
     "src/service/session_service.cpp", "|| now - row->last_seen_at >= policy.idle_timeout", "",
     r"^sqlite\.api\.SessionsApi\.IdleSessionsExpire"),
    ("totp-replay", "a TOTP code works more than once",
     "src/storage/user_repository.cpp", "(totp_last_step IS NULL OR totp_last_step < ?)",
     "(totp_last_step IS NULL OR totp_last_step < ? + 1000)", None),
    ("totp-staff", "staff with flags are not required to set up TOTP",
     "src/service/totp_service.cpp", "return TotpRequiredFor(user, policy) && !user.totp_enabled;",
     "return false && TotpRequiredFor(user, policy);", r"^sqlite\.api\.TotpApi\.StaffWithFlags"),
    ("hsts", "no Strict-Transport-Security under https",
     "src/cli/serve.cpp", "if (app.sessions.secure_cookie) pipeline.EnableHsts();", "",
     r"^sqlite\.api\.(SessionsApi\.UnderHttps|TlsApi\.SignInOverTls)"),
    ("tls", "--tls-cert/--tls-key are ignored (plain HTTP served)",
     "src/cli/serve.cpp", 'options.tls_cert_file = vm["tls-cert"].as<std::string>();',
     'options.tls_cert_file.clear();', r"^sqlite\.api\.TlsApi"),
    ("token-limits", "API tokens are not rate limited",
     "src/cli/serve.cpp", "pipeline.LimitTokens(*token_limiter);", "",
     r"^sqlite\.api\.SessionsApi\.EachApiTokenHasItsOwnRequestBudget"),
    ("audit-chain", "entitled check does not verify the audit hash chain",
     "src/storage/integrity_repository.cpp",
     'for (auto& b : broken) out.push_back({"the audit log is an unbroken hash chain", std::move(b)});',
     "(void)broken;", r"^sqlite\.api\.AuditBackupApi\.ChangingOrRemoving"),
    ("authorization", "a Smart Account viewer may manage virtual accounts",
     "src/domain/authorization.cpp", "{Role::kSaViewer, true, true, false, false, false, false, false, false},",
     "{Role::kSaViewer, true, true, false, true, false, false, false, false},", r"^sqlite\.api\.AuthorizationMatrix"),
    ("log-forging", "log lines are written without JSON escaping",
     "src/common/log.cpp", "std::string text = boost::json::serialize(line);", NAIVE_LOG,
     r"^sqlite\.api\.FoundationApi\.AccessLog"),
    ("backup", "the backup copies the database file instead of a consistent snapshot",
     "src/storage/sqlite/sqlite_database.cpp", 'return conn.Script("VACUUM INTO " + quoted + "\'");',
     'std::filesystem::copy_file(path_, target); (void)quoted; return Ok();',
     r"^sqlite\.api\.AuditBackupApi\.AnOnlineBackup"),
    ("fuzz-json-types", "a JSON field of the wrong type reaches as_string() (an exception, a 500)",
     "src/http/json.cpp", """    if (!v->is_string()) {
        WrongType(field, "string");
        return std::nullopt;
    }
    std::string s(v->as_string());""", """    std::string s(v->as_string());""", ""),
]
# The TOTP replay needs both guards gone: the code match and the conditional update.
TOTP_MATCH = ("src/domain/totp.cpp", "(!last_used_step || step > *last_used_step)", "(last_used_step || true)")


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, **kw)


def build(build_dir, targets):
    r = run(["cmake", "--build", build_dir, "-j2", "--target", *targets])
    if r.returncode != 0:
        sys.exit(f"build failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")


def fuzz_fails(seconds=120):
    corpus = ROOT / "fuzz/corpus/http_request"
    work = pathlib.Path("/tmp/mutation-fuzz")
    work.mkdir(exist_ok=True)
    scratch = pathlib.Path(tempfile.mkdtemp())  # new inputs go here, never into the repo's seeds
    r = run(["build-fuzz/http_request_fuzzer", f"-max_total_time={seconds}", "-detect_leaks=0",
             f"-artifact_prefix={work}/", str(scratch), str(corpus)], timeout=seconds + 120)
    found = r.returncode != 0
    summary = next((line for line in r.stderr.splitlines() if "ERROR" in line or "Fuzzer found" in line), "")
    return found, summary.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m[0] in args.names]
    results = []
    for name, what, path, old, new, regex in chosen:
        edits = [(path, old, new)] + ([TOTP_MATCH] if name == "totp-replay" else [])
        originals = {}
        try:
            for p, o, n in edits:
                f = ROOT / p
                originals.setdefault(p, f.read_text())
                text = f.read_text()
                assert text.count(o) == 1, f"{name}: snippet not found once in {p}"
                f.write_text(text.replace(o, n))
            start = time.time()
            if regex == "":
                build("build-fuzz", ["http_request_fuzzer"])
                failed, detail = fuzz_fails()
            else:
                build(args.build_dir, ["entitled", "unit_tests"])
                if regex is None:
                    regex = r"^(sqlite\.api\.TotpApi\.SignInNeedsACodeThatWorksOnce|unit\.Totp\.)"
                r = run(["ctest", "--test-dir", args.build_dir, "-R", regex, "-j2"])
                lines = r.stdout.splitlines()
                detail = next((line.strip() for line in lines if "tests passed" in line), "no summary")
                failed = r.returncode != 0
            results.append((name, what, "FAILS (good)" if failed else "still passes", detail, time.time() - start))
            print(f"{name:28} {'FAILS (good)' if failed else 'STILL PASSES'}  {detail}", flush=True)
        finally:
            for p, text in originals.items():
                (ROOT / p).write_text(text)
    build(args.build_dir, ["entitled", "unit_tests"])
    print("\n| property broken on purpose | guarding tests | result |\n| --- | --- | --- |")
    for name, what, verdict, detail, _ in results:
        print(f"| {what} | {name} | {verdict}: {detail} |")
    return 0 if all(v.startswith("FAILS") for _, _, v, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
