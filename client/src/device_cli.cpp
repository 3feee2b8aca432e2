#include "device_cli.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>
#include <set>

#include "file_io.hpp"
#include "json_fields.hpp"

namespace entitled::device {
namespace {

constexpr std::string_view kUsage =
    "usage: entitled-device <command> [options]\n"
    "\n"
    "  register --server URL --token T --name N --serial S --product P [--deployment cloud|on_prem]\n"
    "      registers this device and fetches the public keys; prints the device id\n"
    "  check-in [--usage PRODUCT=COUNT]...\n"
    "      reports usage and stores the signed authorization\n"
    "  lease acquire --product P [--count N]\n"
    "  lease heartbeat --id LEASE_ID\n"
    "  lease release --id LEASE_ID\n"
    "      floating licenses: check out, renew, return seats\n"
    "  verify [--file DOC.json] [--at RFC3339] [--keys KEYS.json]\n"
    "      offline: verifies a signed document, or the stored authorization and leases\n"
    "\n"
    "Every command takes --state FILE (required; created if missing, mode 0600) and\n"
    "--server URL (default: the server stored at registration).\n"
    "Exit codes: 0 success, 1 failure, 2 bad usage.\n";

// Raised inside the parser only; RunDeviceCli turns it into exit code 2.
struct UsageError {
    std::string message;
};

struct Args {
    std::vector<std::string> words;
    std::map<std::string, std::vector<std::string>, std::less<>> options;
    bool help = false;

    std::optional<std::string> Get(std::string_view name) const {
        const auto it = options.find(name);
        if (it == options.end()) return std::nullopt;
        return it->second.back();
    }
    std::string Require(std::string_view name) const {
        auto v = Get(name);
        if (!v) throw UsageError{"--" + std::string(name) + " is required"};
        return *v;
    }
    const std::vector<std::string>& All(std::string_view name) const {
        static const std::vector<std::string> none;
        const auto it = options.find(name);
        return it != options.end() ? it->second : none;
    }
};

Args Parse(const std::vector<std::string>& argv) {
    Args a;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            a.help = true;
            continue;
        }
        if (!arg.starts_with("--")) {
            if (arg.starts_with("-") && arg != "-") throw UsageError{"unknown option " + arg};
            a.words.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::string val;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            val = name.substr(eq + 1);
            name.resize(eq);
        } else {
            if (i + 1 >= argv.size()) throw UsageError{"--" + name + " needs a value"};
            val = argv[++i];
        }
        if (name.empty()) throw UsageError{"unknown option " + arg};
        a.options[name].push_back(std::move(val));
    }
    return a;
}

// Options every command takes, and the ones a command adds; --usage alone may repeat.
void CheckOptions(const Args& a, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, values] : a.options) {
        const bool global = name == "state" || name == "server";
        if (!global && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            throw UsageError{"unknown option --" + name + " for this command"};
        }
        if (values.size() > 1 && name != "usage") throw UsageError{"--" + name + " given more than once"};
    }
}

std::int64_t ParseCount(const std::string& text, std::string_view what, std::int64_t min) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min) {
        throw UsageError{std::string(what) + " must be an integer of at least " + std::to_string(min) + ", not \"" +
                         text + "\""};
    }
    return n;
}

class Cli {
  public:
    Cli(const Args& args, std::ostream& out, std::ostream& err, const CliEnvironment& env)
        : args_(args), out_(out), err_(err), env_(env), state_path_(args.Require("state")) {}

    int Register();
    int CheckIn();
    int LeaseAcquire();
    int LeaseHeartbeat();
    int LeaseRelease();
    int Verify();

  private:
    int Fail(const std::string& message) {
        err_ << "entitled-device: " << message << "\n";
        return 1;
    }
    std::optional<DeviceState> Load();
    // Load, for the commands that talk to the server as this device.
    std::optional<DeviceState> LoadRegistered();
    DeviceClient MakeClient(DeviceState state) const;
    // Saves what the client holds now; a failed save is the command's failure.
    bool Save(const DeviceClient& client);
    Time Now() const;
    void PrintLease(const StoredLease& lease);

    const Args& args_;
    std::ostream& out_;
    std::ostream& err_;
    const CliEnvironment& env_;
    std::string state_path_;
};

std::optional<DeviceState> Cli::Load() {
    auto state = LoadState(state_path_);
    if (!state) {
        Fail(state.error().message);
        return std::nullopt;
    }
    return std::move(state.value());
}

std::optional<DeviceState> Cli::LoadRegistered() {
    auto state = Load();
    if (state && !state->registered()) {
        Fail("the state " + state_path_ + " holds no device: register it first");
        return std::nullopt;
    }
    return state;
}

DeviceClient Cli::MakeClient(DeviceState state) const {
    DeviceClient client(std::move(state), env_.transport ? env_.transport() : nullptr, env_.clock);
    if (auto server = args_.Get("server")) client.UseServer(*server);
    return client;
}

bool Cli::Save(const DeviceClient& client) {
    auto saved = SaveState(state_path_, client.state());
    if (!saved) Fail(saved.error().message);
    return static_cast<bool>(saved);
}

Time Cli::Now() const {
    return env_.clock ? env_.clock()
                      : std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

void Cli::PrintLease(const StoredLease& lease) {
    out_ << "lease " << lease.id << " (" << lease.product << " x" << lease.count << ") expires at " << lease.expires_at
         << "\n";
}

int Cli::Register() {
    CheckOptions(args_, {"token", "name", "serial", "product", "deployment"});
    Registration r;
    const std::string server = args_.Require("server");
    r.token = args_.Require("token");
    r.name = args_.Require("name");
    r.serial = args_.Require("serial");
    r.product = args_.Require("product");
    r.deployment = args_.Get("deployment").value_or("cloud");
    if (r.deployment != "cloud" && r.deployment != "on_prem") {
        throw UsageError{"--deployment is cloud or on_prem, not \"" + r.deployment + "\""};
    }
    auto state = Load();
    if (!state) return 1;
    auto client = MakeClient(std::move(*state));
    const auto registered = client.Register(server, r);
    // Once the server registered the device its secret must be kept, even if fetching the keys failed.
    if (client.state().registered() && !Save(client)) return 1;
    if (!registered) {
        if (client.state().registered()) {
            return Fail("registered device " + client.state().device_id + ", but " + registered.error().message);
        }
        return Fail(registered.error().message);
    }
    out_ << client.state().device_id << "\n";
    return 0;
}

int Cli::CheckIn() {
    CheckOptions(args_, {"usage"});
    std::vector<Usage> usage;
    for (const auto& item : args_.All("usage")) {
        // The last '=': the count never contains one, a product name might.
        const auto eq = item.rfind('=');
        if (eq == std::string::npos || eq == 0) throw UsageError{"--usage is PRODUCT=COUNT, not \"" + item + "\""};
        usage.push_back({item.substr(0, eq), ParseCount(item.substr(eq + 1), "--usage's count", 0)});
    }
    auto state = LoadRegistered();
    if (!state) return 1;
    auto client = MakeClient(std::move(*state));
    const auto result = client.CheckIn(usage);
    if (!Save(client)) return 1;
    if (!result) return Fail(result.error().message);
    const auto& r = result.value();
    if (r.status == "authorized") {
        out_ << "status: authorized\n";
    } else {
        std::string short_of;
        for (const auto& e : r.entitlements) {
            if (e.shortage > 0)
                short_of += (short_of.empty() ? "" : ", ") + e.product + " " + std::to_string(e.shortage);
        }
        out_ << "status: " << r.status << " (OUT OF COMPLIANCE" << (short_of.empty() ? "" : ", short of " + short_of)
             << ")\n";
    }
    for (const auto& e : r.entitlements) {
        out_ << e.product << ": count " << e.count << ", shortage " << e.shortage << "\n";
    }
    out_ << "authorization valid until " << r.not_after;
    if (!r.grace_until.empty()) out_ << ", grace until " << r.grace_until;
    out_ << "\n";
    if (!r.next_check_in_at.empty()) out_ << "next check-in at " << r.next_check_in_at << "\n";
    return 0;
}

int Cli::LeaseAcquire() {
    CheckOptions(args_, {"product", "count"});
    const std::string product = args_.Require("product");
    const auto count = args_.Get("count") ? ParseCount(*args_.Get("count"), "--count", 1) : 1;
    auto state = LoadRegistered();
    if (!state) return 1;
    auto client = MakeClient(std::move(*state));
    const auto lease = client.AcquireLease(product, count);
    if (!Save(client)) return 1;
    if (!lease) return Fail(lease.error().message);
    PrintLease(lease.value());
    return 0;
}

int Cli::LeaseHeartbeat() {
    CheckOptions(args_, {"id"});
    const std::string id = args_.Require("id");
    auto state = LoadRegistered();
    if (!state) return 1;
    auto client = MakeClient(std::move(*state));
    const auto lease = client.HeartbeatLease(id);
    if (!Save(client)) return 1;
    if (!lease) {
        if (lease.error().code == ErrorCode::kLeaseExpired) {
            return Fail("lease " + id + " has expired and was dropped from the state: " + lease.error().message);
        }
        return Fail(lease.error().message);
    }
    PrintLease(lease.value());
    return 0;
}

int Cli::LeaseRelease() {
    CheckOptions(args_, {"id"});
    const std::string id = args_.Require("id");
    auto state = LoadRegistered();
    if (!state) return 1;
    auto client = MakeClient(std::move(*state));
    const auto released = client.ReleaseLease(id);
    if (!Save(client)) return 1;
    if (!released) return Fail(released.error().message);
    out_ << "released lease " << id << "\n";
    return 0;
}

// One line per document: "valid: <type> … until <not_after>" on out, "invalid: <reason>" on err.
bool Report(const Verification& v, const std::string& label, std::ostream& out, std::ostream& err) {
    if (!v.ok()) {
        err << "invalid: " << VerdictName(v.verdict);
        if (v.in_grace) err << " (in grace until " << v.grace_until << ")";
        if (!label.empty()) err << " (" << label << ")";
        err << "\n";
        return false;
    }
    out << "valid: " << v.type;
    if (v.type == "authorization") {
        out << " (" << StringField(v.payload, "status").value_or("?") << ")";
    } else if (v.type == "lease") {
        out << " " << IdField(v.payload, "lease_id").value_or("?");
        if (const auto* e = ArrayField(v.payload, "entitlements");
            e != nullptr && !e->empty() && e->front().is_object()) {
            const auto& first = e->front().get_object();
            out << " (" << StringField(first, "product").value_or("?") << " x" << IntField(first, "count").value_or(0)
                << ")";
        }
    }
    out << " until " << v.not_after << "\n";
    return true;
}

int Cli::Verify() {
    CheckOptions(args_, {"file", "at", "keys"});
    Time now{};
    if (auto at = args_.Get("at")) {
        const auto parsed = ParseTimestamp(*at);
        if (!parsed) throw UsageError{"--at is an RFC 3339 time like 2026-12-03T11:00:00Z, not \"" + *at + "\""};
        now = *parsed;
    } else {
        now = Now();
    }
    auto state = Load();
    if (!state) return 1;
    if (state->serial.empty()) return Fail("the state " + state_path_ + " holds no device: register it first");
    if (auto keys_file = args_.Get("keys")) {
        auto text = ReadWholeFile(*keys_file, ErrorCode::kInput);
        if (!text) return Fail(text.error().message);
        if (!text.value()) return Fail("no such keys file: " + *keys_file);
        boost::system::error_code ec;
        const auto json = boost::json::parse(*text.value(), ec);
        if (ec) return Fail("keys file " + *keys_file + " is not JSON");
        auto keys = ParseKeys(json);
        if (!keys) return Fail(*keys_file + ": " + keys.error().message);
        state->keys = std::move(keys.value());
    }
    // Offline by construction: the client is given a transport that refuses, never libcurl.
    struct Offline final : HttpTransport {
        Outcome<HttpResponse> Send(const HttpRequest&) override {
            return Error{ErrorCode::kNetwork, "verify never uses the network"};
        }
    };
    const DeviceClient client(std::move(*state), std::make_unique<Offline>(), env_.clock);

    if (auto file = args_.Get("file")) {
        auto text = ReadWholeFile(*file, ErrorCode::kInput);
        if (!text) return Fail(text.error().message);
        if (!text.value()) return Fail("no such document file: " + *file);
        boost::system::error_code ec;
        const auto json = boost::json::parse(*text.value(), ec);
        // Not JSON is not a document: OpenDocument of null reports it malformed.
        const auto v = client.Verify(ec ? boost::json::value(nullptr) : json, now);
        return Report(v, "", out_, err_) ? 0 : 1;
    }

    const auto& s = client.state();
    if (s.authorization.is_null() && s.leases.empty()) {
        return Fail("nothing to verify: the state holds no authorization and no lease (or give --file)");
    }
    bool all_valid = true;
    if (!s.authorization.is_null()) {
        all_valid = Report(client.Verify(s.authorization, now, "authorization"), "", out_, err_) && all_valid;
    }
    for (const auto& lease : s.leases) {
        all_valid = Report(client.Verify(lease.document, now, "lease"), "lease " + lease.id, out_, err_) && all_valid;
    }
    return all_valid ? 0 : 1;
}

int BadUsage(std::ostream& err, const std::string& why) {
    err << "entitled-device: " << why << "\n\n" << kUsage;
    return 2;
}

}  // namespace

int RunDeviceCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const CliEnvironment& env) {
    try {
        const Args a = Parse(args);
        if (a.help) {
            out << kUsage;
            return 0;
        }
        if (a.words.empty()) return BadUsage(err, "no command given");
        const std::string& command = a.words[0];
        const size_t words = command == "lease" ? 2 : 1;
        if (a.words.size() < words) return BadUsage(err, "lease needs acquire, heartbeat or release");
        if (a.words.size() > words) return BadUsage(err, "unexpected argument \"" + a.words[words] + "\"");
        using Command = int (Cli::*)();
        Command run = nullptr;
        if (command == "register") run = &Cli::Register;
        if (command == "check-in") run = &Cli::CheckIn;
        if (command == "verify") run = &Cli::Verify;
        if (command == "lease") {
            const std::string& sub = a.words[1];
            if (sub == "acquire") run = &Cli::LeaseAcquire;
            if (sub == "heartbeat") run = &Cli::LeaseHeartbeat;
            if (sub == "release") run = &Cli::LeaseRelease;
            if (run == nullptr) return BadUsage(err, "unknown lease command \"" + sub + "\"");
        }
        if (run == nullptr) return BadUsage(err, "unknown command \"" + command + "\"");
        Cli cli(a, out, err, env);
        return (cli.*run)();
    } catch (const UsageError& e) {
        return BadUsage(err, e.message);
    }
}

}  // namespace entitled::device
