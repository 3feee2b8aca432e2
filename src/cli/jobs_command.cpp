// `entitled jobs run`: one round of background work, as of now or --at.
#include <unistd.h>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/standard_work.hpp"
#include "mail/mailer.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::cli {

void AddMailOptions(po::options_description& desc) {
    desc.add_options()                                                                                            //
        ("smtp", po::value<std::string>()->default_value(""), "SMTP server for outgoing mail, smtp://host:port")  //
        ("mail-from", po::value<std::string>()->default_value("no-reply@entitled.localhost"),
         "sender address of outgoing mail")  //
        ("mail-retry-seconds", po::value<int>()->default_value(30),
         "delay before the first retry of a failed delivery (doubles each time)");
}

void AddBaseUrlOption(po::options_description& desc) {
    desc.add_options()("base-url", po::value<std::string>()->default_value("http://localhost:8080"),
                       "public URL of the server, used in links in emails");
}

void AddTransferOptions(po::options_description& desc) {
    desc.add_options()("transfer-abandon-days", po::value<int>()->default_value(30),
                       "cancel a transfer that waited this many days for its requester's submission or the "
                       "transferee's consent, releasing what it reserved");
}

service::TransferPolicy TransferPolicyFrom(const po::variables_map& vm) {
    return {std::max(1, vm["transfer-abandon-days"].as<int>()) * kMicrosPerDay};
}

void AddLicensingOptions(po::options_description& desc) {
    desc.add_options()                                                                                          //
        ("device-grace-days", po::value<int>()->default_value(90),
         "a device silent this long is not reporting, and its usage is released")  //
        ("lease-seconds", po::value<int>()->default_value(900),
         "a floating lease without a heartbeat for this long expires and frees its seats")  //
        ("check-in-hours", po::value<int>()->default_value(24),
         "how often devices are asked to check in; an authorization is valid for three intervals");
}

service::LicensingPolicy LicensingPolicyFrom(const po::variables_map& vm) {
    service::LicensingPolicy p;
    p.device_grace = std::max(1, vm["device-grace-days"].as<int>()) * kMicrosPerDay;
    p.lease_time = std::max(1, vm["lease-seconds"].as<int>()) * kMicrosPerSecond;
    p.check_in_interval = static_cast<Micros>(std::max(1, vm["check-in-hours"].as<int>())) * 3600 * kMicrosPerSecond;
    return p;
}

int RunJobs(const std::vector<std::string>& args) {
    Command cmd{"jobs run",
                "Runs every background job that is due — expiries, reminders, transfers, mail delivery (with --smtp) — "
                "as if the time were --at, then exits.",
                "entitled jobs run --database URL [--at RFC3339] [--smtp smtp://host:port]"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddMailOptions(desc);
    AddBaseUrlOption(desc);
    AddTransferOptions(desc);
    AddLicensingOptions(desc);
    desc.add_options()("at", po::value<std::string>()->default_value(""),
                       "the time to act as of, e.g. 2027-02-20T09:00:00Z");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;

    SystemClock system;
    Micros now = system.Now();
    if (const auto& at = vm["at"].as<std::string>(); !at.empty()) {
        auto parsed = ParseRfc3339(at);
        if (!parsed) return Usage("--at: use RFC 3339, e.g. 2027-02-20T09:00:00Z");
        now = *parsed;
    }
    auto db = storage::OpenDatabase(vm["database"].as<std::string>());
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    if (auto m = storage::Migrate(**db, system); !m.ok()) return Fail("migration failed: " + m.error().internal);

    const std::string owner = "cli-" + std::to_string(getpid());
    std::unique_ptr<mail::Mailer> mailer;
    if (const auto& smtp = vm["smtp"].as<std::string>(); !smtp.empty()) {
        mailer = std::make_unique<mail::SmtpMailer>(smtp, vm["mail-from"].as<std::string>());
    }
    jobs::JobRunner runner(**db, owner);
    mail::SenderPolicy mail_policy;
    mail_policy.retry_base = std::max(1, vm["mail-retry-seconds"].as<int>()) * kMicrosPerSecond;
    // Only the domain's due dates follow --at; mail is delivered and recorded at the real time.
    jobs::StandardWork work(runner, {**db, owner, mailer.get(), mail_policy, vm["base-url"].as<std::string>(), system,
                                     TransferPolicyFrom(vm), kMicrosPerDay, LicensingPolicyFrom(vm)});
    auto report = runner.RunDue(now);
    if (!report.ok()) return Fail("jobs failed: " + report.error().internal);
    std::cout << "as of " << FormatRfc3339(now) << ": " << report->jobs_done << " job(s) done, " << report->jobs_failed
              << " failed";
    for (const auto& [name, n] : report->sweeps) std::cout << ", " << name << ": " << n;
    std::cout << "\n";
    return report->jobs_failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace entitled::cli
