#include "server_process.hpp"

#include <algorithm>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_env.hpp"

namespace entitled::testing {

// ENTITLED_TEST_BINARY runs the suites against another build (e.g. an older
// commit's server, to show that a new test fails there).
std::string EntitledBinary() {
    const char* other = std::getenv("ENTITLED_TEST_BINARY");
    return other != nullptr && *other != 0 ? other : ENTITLED_BINARY;
}

namespace {

std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& out_file,
            const std::string& err_file, const std::string& binary = EntitledBinary()) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, 1);
        dup2(err, 2);
        const int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        // A machine with the Debian package installed has /etc/entitled/entitled.conf;
        // the tests' servers and commands never read it (a test may name its own).
        static char no_config[] = "ENTITLED_CONFIG=/dev/null";
        if (std::getenv("ENTITLED_CONFIG") == nullptr) putenv(no_config);
        for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> argv;
        std::string bin = binary;
        argv.push_back(bin.data());
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

}  // namespace

CommandResult RunEntitled(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return RunProgram(EntitledBinary(), args, env);
}

std::string DeviceClientBinary() {
    // The device client is built beside the server.
    const std::string server = EntitledBinary();
    return server.substr(0, server.rfind('/') + 1) + "entitled-device";
}

CommandResult RunDevice(const std::vector<std::string>& args) { return RunProgram(DeviceClientBinary(), args, {}); }

CommandResult RunProgram(const std::string& binary, const std::vector<std::string>& args,
                         const std::vector<std::string>& env) {
    const std::string dir = TempDir();
    const pid_t pid = Spawn(args, env, dir + "/out", dir + "/err", binary);
    int status = 0;
    waitpid(pid, &status, 0);
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir + "/out");
    r.err = Slurp(dir + "/err");
    return r;
}

ServerProcess::ServerProcess(std::string database_url, std::vector<std::string> extra)
    : url_(std::move(database_url)), dir_(TempDir()) {
    std::vector<std::string> args = {"serve",       "--database",   url_,        "--listen", "127.0.0.1:0",
                                     "--port-file", dir_ + "/port", "--threads", "4"};
    // Most suites sign staff in with a password alone and send as fast as they
    // can with one token; the suites for those features ask for them.
    for (const auto& [option, value] : {std::pair{"--staff-totp", "optional"}, std::pair{"--token-rate", "0"}}) {
        if (std::find(extra.begin(), extra.end(), option) == extra.end()) args.insert(args.end(), {option, value});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = Spawn(args, {}, dir_ + "/out", dir_ + "/err");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string port = Slurp(dir_ + "/port");
        if (!port.empty() && port.back() == '\n') {
            port_ = static_cast<unsigned short>(std::stoi(port));
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("entitled serve exited early:\n" + Slurp(dir_ + "/err"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Kill();
    throw std::runtime_error("entitled serve did not start within 60 s:\n" + Slurp(dir_ + "/err"));
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) Stop();
}

int ServerProcess::Stop(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Kill();
    return -1;
}

void ServerProcess::Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string ServerProcess::Log() const { return Slurp(dir_ + "/err"); }

}  // namespace entitled::testing
