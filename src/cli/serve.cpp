#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "api/app.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/systemd_notify.hpp"
#include "common/log.hpp"
#include "common/random.hpp"
#include "common/secret_box.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "jobs/background.hpp"
#include "jobs/standard_work.hpp"
#include "mail/mailer.hpp"
#include "service/totp_service.hpp"
#include "storage/job_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/outbox_repository.hpp"

namespace entitled::cli {
namespace {

bool SplitListen(const std::string& listen, std::string& host, unsigned short& port) {
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos) return false;
    host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    try {
        const int p = std::stoi(listen.substr(colon + 1));
        if (p < 0 || p > 65535) return false;
        port = static_cast<unsigned short>(p);
    } catch (...) {
        return false;
    }
    return !host.empty();
}

// The UI build: --web-root, else web/dist under the working directory, else
// next to the binary's source tree (build/entitled → web/dist), else where the
// Debian package puts it (/usr/bin/entitled → /usr/share/entitled/web).
std::filesystem::path FindWebRoot(const std::string& configured) {
    namespace fs = std::filesystem;
    if (!configured.empty()) return configured;
    std::error_code ec;
    if (fs::is_directory("web/dist", ec)) return "web/dist";
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    fs::path beside = exe.parent_path().parent_path() / "web" / "dist";
    if (fs::is_directory(beside, ec)) return beside;
    fs::path installed = exe.parent_path().parent_path() / "share" / "entitled" / "web";
    if (fs::is_directory(installed, ec)) return installed;
    return {};
}

double OutboxCount(storage::Database& db, const std::string& status) {
    auto counts = db.Run(storage::TxMode::kRead,
                         [](storage::Transaction& tx) { return storage::OutboxRepository(tx).CountByStatus(); });
    if (!counts.ok()) return -1;
    for (const auto& [s, n] : *counts) {
        if (s == status) return static_cast<double>(n);
    }
    return 0;
}

}  // namespace

int RunServe(const std::vector<std::string>& args) {
    Command cmd{"serve", "Runs the HTTP server. Applies pending migrations first.",
                "entitled serve [--listen 127.0.0.1:8080] [--database URL] [--threads N] [options]", true};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddMailOptions(desc);
    AddBaseUrlOption(desc);
    AddTransferOptions(desc);
    AddLicensingOptions(desc);
    const unsigned hw = std::max(2U, std::thread::hardware_concurrency());
    desc.add_options()                                                                                          //
        ("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "address:port to listen on")      //
        ("threads", po::value<int>()->default_value(static_cast<int>(hw * 4)), "worker threads for requests")   //
        ("io-threads", po::value<int>()->default_value(1), "threads doing network I/O")                         //
        ("jobs-interval-ms", po::value<int>()->default_value(1000), "pause between rounds of background work")  //
        ("jobs-wake", po::value<bool>()->default_value(true),
         "start background work at once when a request creates some, and keep going while it moves")             //
        ("web-root", po::value<std::string>()->default_value(""), "directory with the built web UI")             //
        ("body-limit", po::value<std::size_t>()->default_value(1024UL * 1024), "largest request body in bytes")  //
        ("max-pending", po::value<std::size_t>()->default_value(2048),
         "requests waiting for a worker before new ones get 503")  //
        ("max-queue-ms", po::value<int>()->default_value(500),
         "longest a request may wait for a worker before it is answered 503 instead")  //
        ("read-timeout-seconds", po::value<int>()->default_value(30),
         "a request (and a TLS handshake) must arrive whole within this long of its first byte")                      //
        ("session-idle-seconds", po::value<int>()->default_value(1800), "sign-in session ends after this idle time")  //
        ("key-dir", po::value<std::string>()->default_value("data/keys"),
         "directory of the keys kept outside the database (secrets.key seals TOTP secrets, signing-*.key sign "
         "what devices verify); back it up separately, and give every instance the same one")  //
        ("idempotency-seconds", po::value<int>()->default_value(86400),
         "how long a response is kept for a retry with the same Idempotency-Key")  //
        ("session-max-seconds", po::value<int>()->default_value(43200),
         "sign-in session ends this long after sign-in")  //
        ("tls-cert", po::value<std::string>()->default_value(""),
         "serve HTTPS: PEM certificate chain (with --tls-key)")                                   //
        ("tls-key", po::value<std::string>()->default_value(""), "serve HTTPS: PEM private key")  //
        ("token-rate", po::value<double>()->default_value(50),
         "requests per second each API token may make on average (0: unlimited)")  //
        ("token-burst", po::value<double>()->default_value(100),
         "requests an API token may make at once before the rate applies")  //
        ("staff-totp", po::value<std::string>()->default_value("required"),
         "required: internal users with any flag must sign in with a TOTP code; optional: they may")     //
        ("log-level", po::value<std::string>()->default_value("info"), "debug, info, warn or error")     //
        ("port-file", po::value<std::string>()->default_value(""), "write the bound port to this file")  //
        ("mail-lease-seconds", po::value<int>()->default_value(300),
         "how long a sender may hold mail it is sending before another takes it over (after a crash)")  //
        ("sql-trace", po::value<std::string>()->default_value(""),
         "benchmarks only: append every committed write transaction's SQL to this file")  //
        ("fault-inject-table", po::value<std::string>()->default_value(""),
         "testing only: make every write to this table fail");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;

    LogLevel level{};
    if (!ParseLogLevel(vm["log-level"].as<std::string>(), level))
        return Usage("--log-level: use debug, info, warn or error");
    SetLogLevel(level);
    http::ServerOptions options;
    if (!SplitListen(vm["listen"].as<std::string>(), options.address, options.port)) {
        return Usage("--listen must be address:port, e.g. 127.0.0.1:8080");
    }
    options.worker_threads = std::max(1, vm["threads"].as<int>());
    options.io_threads = std::max(1, vm["io-threads"].as<int>());
    options.body_limit = vm["body-limit"].as<std::size_t>();
    options.max_pending = vm["max-pending"].as<std::size_t>();
    options.max_queue_wait = std::chrono::milliseconds(std::max(1, vm["max-queue-ms"].as<int>()));
    options.read_timeout = std::chrono::seconds(std::max(1, vm["read-timeout-seconds"].as<int>()));
    options.tls_cert_file = vm["tls-cert"].as<std::string>();
    options.tls_key_file = vm["tls-key"].as<std::string>();
    if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
        return Usage("--tls-cert and --tls-key go together");
    }

    storage::DatabaseOptions db_options;
    db_options.pool_size = std::max(2, options.worker_threads);
    auto db = storage::OpenDatabase(vm["database"].as<std::string>(), db_options);
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    SystemClock clock;
    auto migrated = storage::Migrate(**db, clock);
    if (!migrated.ok()) return Fail("migration failed: " + migrated.error().internal);
    auto secrets = SecretBox::LoadOrCreate(vm["key-dir"].as<std::string>());
    if (!secrets.ok()) return Fail(secrets.error().internal);
    auto signing_keys = std::make_shared<service::SigningKeys>(vm["key-dir"].as<std::string>());
    auto missing_key = signing_keys->EnsureKey(**db, clock.Now());
    if (!missing_key.ok()) return Fail("signing key: " + missing_key.error().internal);
    if (*missing_key) {
        Log(LogLevel::kError, "signing_key_missing",
            {{"kid", **missing_key},
             {"key_dir", signing_keys->dir().string()},
             {"hint", "every instance on one database needs the same --key-dir; check-ins and leases fail"}});
    }
    auto sealed = service::SealLegacyTotpSecrets(**db, **secrets);
    if (!sealed.ok()) return Fail("cannot seal the TOTP secrets: " + sealed.error().internal);
    if (*sealed > 0) Log(LogLevel::kInfo, "totp_secrets_sealed", {{"users", *sealed}});
    if (const auto& table = vm["fault-inject-table"].as<std::string>(); !table.empty()) {
        (*db)->InjectWriteFault(table);
        Log(LogLevel::kWarn, "fault_injection_enabled", {{"table", table}});
    }

    std::optional<storage::SqlTrace> trace;
    if (const auto& file = vm["sql-trace"].as<std::string>(); !file.empty()) {
        trace.emplace(file);
        if (!trace->ok()) return Fail("cannot write the SQL trace to " + file);
        (*db)->TraceWrites(&*trace);
        Log(LogLevel::kWarn, "sql_trace_enabled", {{"file", file}});
    }

    http::Metrics metrics;
    storage::Database& database = **db;
    metrics.AddCallback("entitled_db_retries_total", "Transactions retried after serialization failures.", "counter",
                        [&database] { return static_cast<double>(database.retries()); });
    for (const char* status : {"queued", "sending", "sent", "failed"}) {
        metrics.AddCallback(std::string("entitled_outbox_") + status,
                            std::string("Mails in the outbox with status ") + status + ".", "gauge",
                            [&database, status] { return OutboxCount(database, status); });
    }
    metrics.AddCallback("entitled_jobs_pending", "Scheduled jobs not yet done.", "gauge", [&database] {
        auto n = database.Run(storage::TxMode::kRead,
                              [](storage::Transaction& tx) { return storage::JobRepository(tx).CountPending(); });
        return n.ok() ? static_cast<double>(*n) : -1.0;
    });
    api::App app{database, clock, metrics, {}, vm["base-url"].as<std::string>()};
    app.secrets = *secrets;
    app.signing_keys = signing_keys;
    app.licensing = LicensingPolicyFrom(vm);
    app.sessions.idle_timeout = std::max(1, vm["session-idle-seconds"].as<int>()) * kMicrosPerSecond;
    app.sessions.absolute_timeout = std::max(1, vm["session-max-seconds"].as<int>()) * kMicrosPerSecond;
    app.idempotency_ttl = std::max(1, vm["idempotency-seconds"].as<int>()) * kMicrosPerSecond;
    app.sessions.touch_interval = std::min(app.sessions.touch_interval, app.sessions.idle_timeout / 4);
    // Served over https natively or behind a TLS proxy: Secure __Host- cookies and HSTS.
    app.sessions.secure_cookie = app.base_url.rfind("https://", 0) == 0 || !options.tls_cert_file.empty();
    const auto& staff_totp = vm["staff-totp"].as<std::string>();
    if (staff_totp != "required" && staff_totp != "optional") return Usage("--staff-totp: use required or optional");
    app.sessions.staff_totp_required = staff_totp == "required";
    http::Router router;
    api::RegisterRoutes(router, app);
    const auto web_root = FindWebRoot(vm["web-root"].as<std::string>());
    http::StaticFiles static_files(web_root);
    http::Pipeline pipeline(router, metrics, static_files);
    if (app.sessions.secure_cookie) pipeline.EnableHsts();
    std::optional<http::RateLimiter> token_limiter;
    if (const double rate = vm["token-rate"].as<double>(); rate > 0) {
        token_limiter.emplace(rate, vm["token-burst"].as<double>());
        pipeline.LimitTokens(*token_limiter);
    }
    pipeline.AnswerInline("/healthz");
    http::Server server(
        options, [&pipeline](http::Request& req) { return pipeline.Handle(req); },
        [&pipeline](const Error& e, http::Request& req) { return pipeline.Reject(e, req); },
        [&pipeline](const http::Request& req) { return pipeline.Inline(req); });
    auto port = server.Listen();
    if (!port.ok()) return Fail(port.error().internal);
    if (const auto& file = vm["port-file"].as<std::string>(); !file.empty()) {
        std::ofstream(file) << *port << "\n";
    }
    Log(LogLevel::kInfo, "listening",
        {{"address", options.address},
         {"port", *port},
         {"database", (*db)->engine() == storage::Engine::kSqlite ? "sqlite" : "postgres"},
         {"migrations_applied", *migrated},
         {"web_root", static_files.enabled() ? web_root.string() : ""}});
    // Background work: scheduled jobs, sweeps, and mail delivery when --smtp is set.
    const std::string owner = "serve-" + std::to_string(getpid()) + "-" + RandomHex(4);
    std::unique_ptr<mail::Mailer> mailer;
    if (const auto& smtp = vm["smtp"].as<std::string>(); !smtp.empty()) {
        mailer = std::make_unique<mail::SmtpMailer>(smtp, vm["mail-from"].as<std::string>());
    }
    jobs::JobRunner runner(database, owner);
    mail::SenderPolicy mail_policy;
    mail_policy.retry_base = std::max(1, vm["mail-retry-seconds"].as<int>()) * kMicrosPerSecond;
    mail_policy.lease = std::max(1, vm["mail-lease-seconds"].as<int>()) * kMicrosPerSecond;
    jobs::StandardWork work(runner, {database, owner, mailer.get(), mail_policy, app.base_url, clock,
                                     TransferPolicyFrom(vm), app.idempotency_ttl, app.licensing});
    jobs::BackgroundLoop background(runner, clock,
                                    std::chrono::milliseconds(std::max(10, vm["jobs-interval-ms"].as<int>())));
    if (vm["jobs-wake"].as<bool>()) {
        // A transfer that moved a step may have another automatic one to take.
        background.RepeatWhen([](const jobs::RoundReport& r) {
            const auto it = r.sweeps.find("asset_transfers");
            return it != r.sweeps.end() && it->second > 0;
        });
        app.wake_jobs = [&background] { background.Nudge(); };
    }
    background.Start();
    // Under systemd (Type=notify) the unit is started once requests are served.
    NotifySystemd("READY=1");

    server.Run();
    NotifySystemd("STOPPING=1");
    background.Stop();
    Log(LogLevel::kInfo, "stopped");
    return kExitOk;
}

}  // namespace entitled::cli
