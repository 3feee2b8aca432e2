#!/usr/bin/env python3
"""The Debian package, as an administrator gets it: `make-deb.sh` builds it from
the build directory; dpkg-deb shows its fields, files and conffiles; `dpkg -x`
unpacks it into a scratch root that also holds the host's systemd units, where
`systemd-analyze verify` must accept the unit without a word and `systemd-analyze
security` rate it OK; shellcheck reads the maintainer scripts; and the unpacked
server, started with the packaged configuration (the command line overriding
its /var/lib paths), tells a notify socket READY=1, serves the packaged web UI
and the API, creates its key directory private, and says STOPPING=1 on SIGTERM.

usage: deb_package_test.py BUILD_DIR REPO_DIR"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

BUILD_DIR, REPO = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)
    return condition


def run(*args, **kwargs):
    return subprocess.run(list(args), capture_output=True, text=True, **kwargs)


def build_package(out_dir):
    result = run(os.path.join(REPO, "scripts/make-deb.sh"), BUILD_DIR, out_dir)
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        sys.exit("FAIL: make-deb.sh exited %d" % result.returncode)
    return result.stdout.strip().splitlines()[-1]


def check_fields(deb):
    version = re.search(r"project\(entitled VERSION ([0-9.]+)", open(os.path.join(REPO, "CMakeLists.txt")).read())[1]
    check(os.path.basename(deb) == "entitled_%s_amd64.deb" % version, "package file name: " + deb)
    fields = dict(
        line.split(": ", 1) for line in run("dpkg-deb", "-f", deb).stdout.splitlines() if ": " in line and line[0] != " "
    )
    check(fields.get("Package") == "entitled", "Package: %r" % fields.get("Package"))
    check(fields.get("Version") == version, "Version: %r" % fields.get("Version"))
    depends = fields.get("Depends", "")
    for library in ("libsodium23", "libsqlite3-0", "libpq5", "libcurl4", "libboost-json1.81.0", "adduser"):
        check(library in depends, "Depends lacks %s: %s" % (library, depends))


def check_contents(deb):
    listing = {}
    for line in run("dpkg-deb", "-c", deb).stdout.splitlines():
        parts = line.split()
        listing[parts[-1]] = (parts[0], parts[1])
    expected = {
        "./usr/bin/entitled": "-rwxr-xr-x",
        "./usr/bin/entitled-device": "-rwxr-xr-x",
        "./usr/share/entitled/web/index.html": "-rw-r--r--",
        "./lib/systemd/system/entitled.service": "-rw-r--r--",
        "./etc/entitled/entitled.conf": "-rw-r--r--",
        "./usr/share/doc/entitled/copyright": "-rw-r--r--",
    }
    for path, mode in expected.items():
        if check(path in listing, "the package lacks " + path):
            check(listing[path] == (mode, "root/root"), "%s is %s, expected %s root/root" % (path, listing[path], mode))
    check(not any(p.startswith("./var/lib") for p in listing), "the package must not ship data files in /var/lib")


def check_control(deb, work):
    control = os.path.join(work, "control")
    run("dpkg-deb", "-e", deb, control)
    check(open(os.path.join(control, "conffiles")).read().split() == ["/etc/entitled/entitled.conf"], "conffiles")
    scripts = [os.path.join(control, s) for s in ("postinst", "prerm", "postrm")]
    for script in scripts:
        check(os.access(script, os.X_OK), os.path.basename(script) + " is not executable")
    result = run("shellcheck", "-s", "sh", *scripts)
    check(result.returncode == 0, "shellcheck: " + result.stdout)
    postinst = open(scripts[0]).read()
    check("adduser --system" in postinst and "/var/lib/entitled" in postinst, "postinst creates the user and data dir")
    check("rm -rf" not in open(scripts[2]).read(), "postrm must keep /var/lib/entitled")


def check_unit(root):
    # The host's units (sysinit.target, network-online.target, …) as on a machine the package is installed on.
    units = os.path.join(root, "lib/systemd/system")
    # Copied, not linked: systemd refuses most unit types reached through a symlink.
    for name in os.listdir("/lib/systemd/system"):
        source, target = os.path.join("/lib/systemd/system", name), os.path.join(units, name)
        if os.path.lexists(target):
            continue
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        elif os.path.isdir(source):
            shutil.copytree(source, target, symlinks=True)
        else:
            shutil.copy2(source, target)
    unit = "/lib/systemd/system/entitled.service"
    result = run("systemd-analyze", "verify", "--root=" + root, unit)
    check(result.returncode == 0 and not (result.stdout + result.stderr).strip(),
          "systemd-analyze verify: " + result.stdout + result.stderr)
    result = run("systemd-analyze", "security", "--offline=true", "--root=" + root, "--threshold=20", unit)
    verdict = (result.stdout.strip().splitlines() or ["(nothing)"])[-1]
    check(result.returncode == 0, "systemd-analyze security above 2.0: " + verdict)
    text = open(os.path.join(units, "entitled.service")).read()
    for setting in ("Type=notify", "User=entitled", "StateDirectory=entitled", "ProtectSystem=strict",
                    "NoNewPrivileges=true", "PrivateTmp=true", "Restart=on-failure",
                    "ExecStart=/usr/bin/entitled serve --config /etc/entitled/entitled.conf"):
        check(setting in text.splitlines(), "the unit lacks " + setting)


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as response:
        return response.status, response.read().decode()


def check_serves(root, work):
    data = os.path.join(work, "var-lib-entitled")
    os.makedirs(data)
    notify_path = os.path.join(work, "notify")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.settimeout(60)
    port_file = os.path.join(work, "port")
    env = dict(os.environ, NOTIFY_SOCKET=notify_path)
    for name in [k for k in env if k.startswith("ENTITLED_")]:
        del env[name]
    # The packaged configuration as systemd passes it; the command line wins over its /var/lib paths.
    server = subprocess.Popen(
        [os.path.join(root, "usr/bin/entitled"), "serve", "--config", os.path.join(root, "etc/entitled/entitled.conf"),
         "--database", "sqlite:" + os.path.join(data, "entitled.db"), "--key-dir", os.path.join(data, "keys"),
         "--web-root", os.path.join(root, "usr/share/entitled/web"), "--listen", "127.0.0.1:0",
         "--port-file", port_file, "--jobs-interval-ms", "200"],
        cwd=data, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        try:
            ready = notify.recv(256).decode()
        except socket.timeout:
            ready = ""
        check(ready == "READY=1", "the server did not notify READY=1 (got %r)" % ready)
        port = int(open(port_file).read())
        status, body = get(port, "/healthz")
        check(status == 200, "/healthz answered %d" % status)
        status, body = get(port, "/")
        packaged = open(os.path.join(root, "usr/share/entitled/web/index.html")).read()
        check(status == 200 and body == packaged, "/ does not serve the packaged index.html")
        status, body = get(port, "/api/v1/openapi.json")
        check(status == 200 and json.loads(body).get("openapi", "").startswith("3."), "/api/v1/openapi.json")
        keys = os.path.join(data, "keys")
        check(os.path.isdir(keys) and (os.stat(keys).st_mode & 0o077) == 0, "the key directory is not private")
        server.send_signal(signal.SIGTERM)
        try:
            stopping = notify.recv(256).decode()
        except socket.timeout:
            stopping = ""
        check(stopping == "STOPPING=1", "no STOPPING=1 on SIGTERM (got %r)" % stopping)
        check(server.wait(timeout=60) == 0, "the server exited %s after SIGTERM" % server.returncode)
    finally:
        if server.poll() is None:
            server.kill()
        output = server.communicate()[0]
        if failures:
            print(output)
        notify.close()


def main():
    for tool in ("dpkg-deb", "dpkg-shlibdeps", "systemd-analyze", "shellcheck"):
        if shutil.which(tool) is None:
            sys.exit("FAIL: %s is missing (scripts/install-deps.sh installs it)" % tool)
    with tempfile.TemporaryDirectory() as work:
        deb = build_package(work)
        check_fields(deb)
        check_contents(deb)
        check_control(deb, work)
        root = os.path.join(work, "root")
        check(run("dpkg-deb", "-x", deb, root).returncode == 0, "dpkg-deb -x")
        check_unit(root)
        check_serves(root, work)
    if failures:
        sys.exit("%d check(s) failed" % len(failures))
    print("deb package: fields, files, conffiles, maintainer scripts, unit and a served start all pass")


main()
