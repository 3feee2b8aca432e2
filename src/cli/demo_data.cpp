// The demo world: users, accounts, orders, cases, devices and transfers that
// `entitled demo` loads so `make run` shows the product, and that the
// in-process tests start from. Safe to load again: what already exists is
// left alone. Later features add their demo data here.
#include "cli/demo_data.hpp"

#include "service/account_requests_service.hpp"
#include "service/accounts_service.hpp"
#include "service/cases_service.hpp"
#include "service/devices_service.hpp"
#include "service/identity_service.hpp"
#include "service/licenses_service.hpp"
#include "service/orders_service.hpp"
#include "service/passwords.hpp"
#include "service/transfers_service.hpp"
#include "storage/account_repository.hpp"
#include "storage/case_repository.hpp"
#include "storage/device_repository.hpp"
#include "storage/license_repository.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/order_repository.hpp"
#include "storage/user_repository.hpp"

namespace entitled::cli {
namespace {

// A demo user acting with their memberships, as if signed in.
Result<service::Actor> DemoActor(storage::Transaction& tx, const std::string& email) {
    ENT_ASSIGN_OR_RETURN(auto user, service::FindUserByEmail(tx, email));
    service::Actor actor = service::Actor::Of(user, "demo");
    ENT_TRY(service::LoadMemberships(tx, actor));
    return actor;
}

struct DemoUser {
    const char* email;
    const char* name;
    Locale locale;
    domain::UserKind kind;
    std::vector<domain::Flag> flags;
    const char* role;
};

constexpr const char* kDemoPassword = "entitled-demo";

std::vector<DemoUser> DemoUsers() {
    using domain::Flag;
    using domain::UserKind;
    return {
        {"admin@vendor.example",
         "Ada Admin",
         Locale::kEn,
         UserKind::kInternal,
         {Flag::kPlatformAdmin},
         "platform admin"},
        {"support@vendor.example",
         "Sam Support",
         Locale::kEn,
         UserKind::kInternal,
         {Flag::kLicensingSupport},
         "licensing support"},
        {"compliance@vendor.example",
         "Chloé Conformité",
         Locale::kFr,
         UserKind::kInternal,
         {Flag::kCompliance},
         "compliance officer"},
        {"erp@vendor.example",
         "ERP Integration",
         Locale::kEn,
         UserKind::kInternal,
         {Flag::kOrderIntegration},
         "order integration"},
        {"paula@partner.example", "Paula Partner", Locale::kEn, UserKind::kExternal, {}, "partner"},
        {"jana@kunde.example", "Jana Kunde", Locale::kDe, UserKind::kExternal, {}, "customer (German)"},
        {"luc@client.example", "Luc Client", Locale::kFr, UserKind::kExternal, {}, "customer (French)"},
    };
}

// Accounts to show: a partner's holding account, two customers (German and
// French) with Virtual Accounts and members, and a pending request for a
// customer whose acceptance link waits in the outbox. Skipped when present.
Result<int> LoadDemoAccounts(storage::Database& db, const Clock& clock, const std::string& base_url) {
    return db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<int> {
        storage::AccountRepository accounts(tx);
        ENT_ASSIGN_OR_RETURN(auto existing, accounts.FindLiveByDomain("partner.example"));
        if (existing) return 0;
        const Micros now = clock.Now();
        const service::MailContext mail{base_url};
        ENT_ASSIGN_OR_RETURN(auto paula, DemoActor(tx, "paula@partner.example"));
        ENT_TRY(service::CreateAccount(
            tx, paula,
            {"Partner Holding (Paula)", "partner.example", domain::AccountKind::kHolding, "Paula Partner Ltd", "GB"},
            now));
        ENT_ASSIGN_OR_RETURN(auto jana, DemoActor(tx, "jana@kunde.example"));
        ENT_ASSIGN_OR_RETURN(
            auto kunde,
            service::CreateAccount(
                tx, jana, {"Kunde GmbH", "kunde.example", domain::AccountKind::kCustomer, "Kunde GmbH", "DE"}, now));
        ENT_TRY(service::LoadMemberships(tx, jana));
        ENT_ASSIGN_OR_RETURN(auto production,
                             service::CreateVirtualAccount(tx, jana, kunde.id, "Produktion", "Werk Stuttgart", now));
        ENT_TRY(service::CreateVirtualAccount(tx, jana, kunde.id, "Labor", "Test und Entwicklung", now));
        ENT_TRY(service::AddMember(tx, jana, kunde.id,
                                   {"luc@client.example", domain::Role::kVaViewer, production.va.id}, "", mail, now));
        ENT_ASSIGN_OR_RETURN(auto luc, DemoActor(tx, "luc@client.example"));
        ENT_TRY(service::CreateAccount(
            tx, luc, {"Client SARL", "client.example", domain::AccountKind::kCustomer, "Client SARL", "FR"}, now));
        ENT_TRY(service::RequestAccount(
            tx, paula,
            {"Neukunde AG",
             "neukunde.example",
             "einkauf@neukunde.example",
             "Bitte nehmen Sie den Smart Account an, damit wir Ihre Bestellung zuordnen können.",
             {"jana@kunde.example"},
             "Willkommen!",
             "Neukunde AG",
             "DE"},
            mail, now));
        return 4;
    });
}

service::NewOrderLine Line(int n, const char* sku, const char* description, std::int64_t qty, bool term, bool smart,
                           bool ea = false) {
    return {n,
            sku,
            description,
            qty,
            term ? domain::LicenseType::kTerm : domain::LicenseType::kPerpetual,
            term ? std::optional<int>(36) : std::nullopt,
            ea ? domain::BuyingModel::kEnterpriseAgreement : domain::BuyingModel::kTransactional,
            smart};
}

// Orders in the situations the seeds describe: on Smart Account hold, on a
// pending account, parked in a holding account, on export hold, deposited.
Result<int> LoadDemoOrders(storage::Database& db, const Clock& clock) {
    return db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<int> {
        storage::OrderRepository orders(tx);
        ENT_ASSIGN_OR_RETURN(auto existing, orders.FindByNumber("SO-1001"));
        if (existing) return 0;
        const Micros now = clock.Now();
        const service::Actor cli = service::Actor::Cli();
        storage::AccountRepository accounts(tx);
        auto account = [&](const char* domain_name) -> Result<std::pair<std::int64_t, std::int64_t>> {
            ENT_ASSIGN_OR_RETURN(auto a, accounts.FindLiveByDomain(domain_name));
            ENT_ASSIGN_OR_RETURN(auto vas, accounts.VirtualAccounts(a->id));
            return std::make_pair(a->id, vas.back().id);  // the newest VA (Labor for Kunde GmbH)
        };
        auto create = [&](const char* so, const char* wo, const char* purchaser, const char* customer,
                          std::vector<std::string> contacts, std::vector<service::NewOrderLine> lines) -> Status {
            ENT_TRY(service::IngestOrder(tx, cli, {so, wo, purchaser, customer, std::move(contacts), std::move(lines)},
                                         now));
            return Ok();
        };
        auto ship = [&](const char* so, const std::vector<int>& lines) {
            return service::ShipLines(tx, cli, so, lines, now - 2 * kMicrosPerDay, now);
        };
        ENT_TRY(create("SO-1001", "WO-5001", "Paula Partner Ltd", "Kunde GmbH",
                       {"jana@kunde.example", "paula@partner.example"},
                       {Line(1, "C9300-DNA-E-3Y", "DNA Essentials, 3 years", 10, true, true),
                        Line(2, "C9300-48P-E", "Catalyst 9300 48-port switch", 10, false, false),
                        Line(3, "DNA-ADV-ADDON", "DNA Advantage add-on", 5, false, true)}));
        ENT_TRY(ship("SO-1001", {1, 2, 3}));
        ENT_TRY(create("SO-1002", "WO-5002", "Paula Partner Ltd", "Client SARL", {"luc@client.example"},
                       {Line(1, "ISR-SEC-K9", "Security licence", 4, false, true),
                        Line(2, "ISR-APP-K9", "AppX licence", 4, false, true)}));
        ENT_TRY(ship("SO-1002", {1, 2}));
        ENT_ASSIGN_OR_RETURN(auto pending, account("neukunde.example"));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1002", {pending.first, pending.second, std::nullopt}, now));
        ENT_TRY(create("SO-1003", "WO-5003", "Paula Partner Ltd", "(not known yet)", {"paula@partner.example"},
                       {Line(1, "WEBEX-ENT-1Y", "Webex Enterprise, 1 year", 50, true, true)}));
        ENT_TRY(ship("SO-1003", {1}));
        ENT_ASSIGN_OR_RETURN(auto holding, account("partner.example"));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1003", {holding.first, holding.second, std::nullopt}, now));
        ENT_TRY(create("SO-1004", "WO-5004", "Kunde GmbH", "Kunde GmbH", {"jana@kunde.example"},
                       {Line(1, "ASA-FPR-THREAT", "Firepower threat defence", 2, true, true)}));
        ENT_TRY(service::SetExportHold(tx, cli, "SO-1004", true, "Destination screening in progress", now));
        ENT_ASSIGN_OR_RETURN(auto kunde, account("kunde.example"));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1004", {kunde.first, kunde.second, std::nullopt}, now));
        ENT_TRY(ship("SO-1004", {1}));
        ENT_TRY(create("SO-1005", "WO-5005", "Kunde GmbH", "Kunde GmbH", {"jana@kunde.example"},
                       {Line(1, "C9200-NW-A-3Y", "Network Advantage, 3 years", 20, true, true),
                        Line(2, "EA-DNA-SUITE", "DNA Suite under Enterprise Agreement", 100, true, true, true)}));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1005", {kunde.first, kunde.second, std::nullopt}, now));
        ENT_TRY(ship("SO-1005", {1, 2}));
        return 5;
    });
}

// A case Luc opened about his held order, with a reply from support.
Result<int> LoadDemoCases(storage::Database& db, const Clock& clock, const std::string& base_url) {
    return db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<int> {
        ENT_ASSIGN_OR_RETURN(auto existing, storage::CaseRepository(tx).FindByNumber("CS-100001"));
        if (existing) return 0;
        const Micros now = clock.Now();
        ENT_ASSIGN_OR_RETURN(auto luc, DemoActor(tx, "luc@client.example"));
        ENT_ASSIGN_OR_RETURN(auto opened, service::OpenCase(tx, luc,
                                                            {"Licences absentes de mon compte Smart — SO-1002",
                                                             "La commande SO-1002 est expédiée mais reste en attente.",
                                                             "SO-1002", std::nullopt, std::nullopt},
                                                            now));
        ENT_ASSIGN_OR_RETURN(auto support, DemoActor(tx, "support@vendor.example"));
        ENT_TRY(service::CommentOnCase(tx, support, opened.kase.id,
                                       "The order is assigned to Neukunde AG, which is still pending. Assign it to "
                                       "Client SARL, or ask Neukunde AG to accept their account.",
                                       {base_url}, now));
        return 1;
    });
}

// Kunde GmbH's devices: licenses moved from Labor to Produktion, a
// registration token per VA, switches that report usage, and in Labor an
// add-on in use without licenses (a shortage). Returns the Produktion
// token's secret when it was created now (it cannot be shown again).
Result<std::optional<std::string>> LoadDemoDevices(storage::Database& db, const Clock& clock) {
    return db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::optional<std::string>> {
        storage::AccountRepository accounts(tx);
        ENT_ASSIGN_OR_RETURN(auto kunde, accounts.FindLiveByDomain("kunde.example"));
        if (!kunde) return std::optional<std::string>();
        ENT_ASSIGN_OR_RETURN(auto count, storage::DeviceRepository(tx).Count(kunde->id, std::nullopt));
        if (count > 0) return std::optional<std::string>();
        const Micros now = clock.Now();
        ENT_ASSIGN_OR_RETURN(auto jana, DemoActor(tx, "jana@kunde.example"));
        ENT_ASSIGN_OR_RETURN(auto vas, accounts.VirtualAccounts(kunde->id));
        std::int64_t production = 0;
        std::int64_t lab = 0;
        for (const auto& v : vas) {
            if (v.name == "Produktion") production = v.id;
            if (v.name == "Labor") lab = v.id;
        }
        ENT_TRY(service::MoveLicenses(tx, jana, {lab, production, "C9200-NW-A-3Y", 12}, now));
        ENT_ASSIGN_OR_RETURN(
            auto production_token,
            service::CreateToken(tx, jana, production, {"Werk Stuttgart switches", 90, 50, false}, now));
        ENT_ASSIGN_OR_RETURN(auto lab_token,
                             service::CreateToken(tx, jana, lab, {"Labor test bench", 30, 10, true}, now));
        const service::Actor device_actor = service::Actor::Anonymous("demo");
        std::vector<service::UsageReport> reports;
        auto add = [&](const std::string& token, const char* name, const char* serial, const char* product,
                       const char* deployment, std::vector<domain::UsageItem> usage) -> Status {
            const domain::Deployment where = *domain::ParseDeployment(deployment);
            ENT_ASSIGN_OR_RETURN(auto d,
                                 service::RegisterDevice(tx, device_actor, {token, name, serial, product, where}, now));
            reports.push_back({d.device_id, d.secret, std::move(usage)});
            return Ok();
        };
        ENT_TRY(add(production_token.secret, "sw-stuttgart-01", "FCW2231L0A1", "C9200-24P", "cloud",
                    {{"C9200-NW-A-3Y", 4}}));
        ENT_TRY(add(production_token.secret, "sw-stuttgart-02", "FCW2231L0A2", "C9200-24P", "cloud",
                    {{"C9200-NW-A-3Y", 4}}));
        ENT_TRY(add(production_token.secret, "sw-stuttgart-03", "FCW2231L0A3", "C9200-48P", "on_prem",
                    {{"C9200-NW-A-3Y", 3}}));
        ENT_TRY(add(lab_token.secret, "lab-sw-01", "FCW2231L0B1", "C9200-24P", "cloud",
                    {{"C9200-NW-A-3Y", 6}, {"DNA-ADV-ADDON", 2}}));
        ENT_TRY(
            add(lab_token.secret, "dna-center-lab", "FCW2231L0B2", "DN2-HW-APL", "on_prem", {{"EA-DNA-SUITE", 40}}));
        ENT_TRY(service::RecordUsage(tx, reports, now));
        return std::optional<std::string>(production_token.secret);
    });
}

// Asset transfers: a second account of Kunde GmbH (same legal entity) in
// Berlin, Jana also administering Client SARL (another legal entity), an
// order to transfer from, one completed transfer and one waiting for Luc's
// consent. The job steps run here as `serve` would run them.
Result<int> LoadDemoTransfers(storage::Database& db, const Clock& clock, const std::string& base_url) {
    const service::MailContext mail{base_url};
    auto loaded = db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
        storage::AccountRepository accounts(tx);
        ENT_ASSIGN_OR_RETURN(auto existing, accounts.FindLiveByDomain("kunde-berlin.example"));
        if (existing) return false;
        ENT_ASSIGN_OR_RETURN(auto kunde, accounts.FindLiveByDomain("kunde.example"));
        ENT_ASSIGN_OR_RETURN(auto client, accounts.FindLiveByDomain("client.example"));
        if (!kunde || !client) return false;
        const Micros now = clock.Now();
        ENT_ASSIGN_OR_RETURN(auto jana, DemoActor(tx, "jana@kunde.example"));
        ENT_TRY(service::CreateAccount(
            tx, jana, {"Kunde GmbH Berlin", "kunde-berlin.example", domain::AccountKind::kCustomer, "Kunde GmbH", "DE"},
            now));
        ENT_ASSIGN_OR_RETURN(auto luc, DemoActor(tx, "luc@client.example"));
        ENT_TRY(service::AddMember(tx, luc, client->id, {"jana@kunde.example", domain::Role::kSaAdmin, std::nullopt},
                                   "", mail, now));
        const service::Actor cli = service::Actor::Cli();
        ENT_TRY(service::IngestOrder(tx, cli,
                                     {"SO-1006",
                                      "WO-5006",
                                      "Kunde GmbH",
                                      "Kunde GmbH",
                                      {"jana@kunde.example"},
                                      {{1, "C9300-DNA-A-5Y", "DNA Advantage, 5 years", 30, domain::LicenseType::kTerm,
                                        60, domain::BuyingModel::kTransactional, true}}},
                                     now));
        ENT_ASSIGN_OR_RETURN(auto vas, accounts.VirtualAccounts(kunde->id));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1006", {kunde->id, vas.front().id, std::nullopt}, now));
        ENT_TRY(service::ShipLines(tx, cli, "SO-1006", {1}, now - kMicrosPerDay, now));
        // A floating pool (SPEC §8): seats devices check out as leases.
        service::NewOrderLine floating{1,    "ISE-BASE-FLOAT", "ISE Base, concurrent sessions",
                                       10,   domain::LicenseType::kPerpetual, std::nullopt,
                                       domain::BuyingModel::kTransactional, true};
        floating.license_model = domain::LicenseModel::kFloating;
        ENT_TRY(service::IngestOrder(
            tx, cli, {"SO-1007", "WO-5007", "Kunde GmbH", "Kunde GmbH", {"jana@kunde.example"}, {floating}}, now));
        ENT_TRY(service::AssignOrder(tx, cli, "SO-1007", {kunde->id, vas.front().id, std::nullopt}, now));
        ENT_TRY(service::ShipLines(tx, cli, "SO-1007", {1}, now - kMicrosPerDay, now));
        return true;
    });
    if (!loaded.ok()) return std::move(loaded).error();
    if (!*loaded) return 0;

    // Runs the automatic steps until the transfers wait for someone, as `serve` would round after round.
    auto settle = [&]() -> Status {
        for (int round = 0; round < 20; ++round) {
            ENT_ASSIGN_OR_RETURN(int steps, service::AdvanceTransfers(db, mail, clock.Now()));
            if (steps == 0) break;
        }
        return Ok();
    };
    auto request = [&](const char* destination_domain, bool same_entity, std::int64_t quantity,
                       bool submit) -> Result<std::string> {
        ENT_ASSIGN_OR_RETURN(
            auto number, db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::string> {
                storage::AccountRepository accounts(tx);
                ENT_ASSIGN_OR_RETURN(auto kunde, accounts.FindLiveByDomain("kunde.example"));
                ENT_ASSIGN_OR_RETURN(auto destination, accounts.FindLiveByDomain(destination_domain));
                ENT_ASSIGN_OR_RETURN(auto vas, accounts.VirtualAccounts(destination->id));
                ENT_ASSIGN_OR_RETURN(auto jana, DemoActor(tx, "jana@kunde.example"));
                ENT_ASSIGN_OR_RETURN(auto lot,
                                     storage::LicenseRepository(tx).All({kunde->id, std::nullopt, "C9300-DNA-A-5Y"}));
                service::NewTransfer t;
                t.source_smart_account_id = kunde->id;
                t.destination_smart_account_id = destination->id;
                t.destination_virtual_account_id = vas.front().id;
                t.same_legal_entity = same_entity;
                if (!same_entity) t.transferee_email = "luc@client.example";
                t.licenses.push_back({lot.front().id, quantity});
                t.justification =
                    same_entity ? "Licenses for the new Berlin site" : "Client SARL takes over the lab network";
                t.requester_name = "Jana Kunde";
                t.requester_phone = "+49 711 555 0100";
                t.requester_company = "Kunde GmbH";
                ENT_ASSIGN_OR_RETURN(auto view, service::RequestTransfer(tx, jana, t, mail, clock.Now()));
                return view.transfer.number;
            }));
        ENT_TRY(settle());
        if (!submit) return number;
        ENT_TRY(db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
            ENT_ASSIGN_OR_RETURN(auto jana, DemoActor(tx, "jana@kunde.example"));
            ENT_TRY(service::SubmitTransfer(tx, jana, number, mail, clock.Now()));
            return Ok();
        }));
        ENT_TRY(settle());
        return number;
    };
    ENT_TRY(request("kunde-berlin.example", true, 2, true));
    ENT_TRY(request("client.example", false, 3, true));
    return 2;
}

}  // namespace

const std::vector<DemoSignIn>& DemoSignIns() {
    static const std::vector<DemoSignIn> out = [] {
        std::vector<DemoSignIn> v;
        for (const auto& u : DemoUsers()) v.push_back({u.email, u.role, u.locale});
        return v;
    }();
    return out;
}

std::string_view DemoPassword() { return kDemoPassword; }

Result<DemoSummary> LoadDemoData(storage::Database& db, const Clock& clock, const std::string& base_url) {
    ENT_ASSIGN_OR_RETURN(auto hash, service::HashPassword(kDemoPassword));
    DemoSummary summary;
    for (const auto& u : DemoUsers()) {
        ENT_ASSIGN_OR_RETURN(bool created,
                             db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
                                 storage::UserRepository users(tx);
                                 ENT_ASSIGN_OR_RETURN(auto existing, users.FindByEmail(u.email));
                                 if (existing) return false;
                                 service::NewUser input{u.email, u.name, hash, u.locale, u.kind, u.flags};
                                 ENT_TRY(service::CreateUser(tx, service::Actor::Cli(), input, base_url, clock.Now()));
                                 return true;
                             }));
        summary.users += created ? 1 : 0;
    }
    ENT_ASSIGN_OR_RETURN(summary.accounts, LoadDemoAccounts(db, clock, base_url));
    ENT_ASSIGN_OR_RETURN(summary.orders, LoadDemoOrders(db, clock));
    ENT_TRY(LoadDemoCases(db, clock, base_url));
    ENT_ASSIGN_OR_RETURN(summary.production_token, LoadDemoDevices(db, clock));
    ENT_TRY(LoadDemoTransfers(db, clock, base_url));
    return summary;
}

}  // namespace entitled::cli
