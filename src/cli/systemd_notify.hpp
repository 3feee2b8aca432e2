#pragma once
// Readiness for systemd's Type=notify services: the sd_notify(3) protocol is
// one datagram ("READY=1", "STOPPING=1") to the unix socket named in
// $NOTIFY_SOCKET. It is small and stable, so it is spoken here rather than
// linking libsystemd for one call.

#include <string_view>

namespace entitled::cli {

// Sends `state` to $NOTIFY_SOCKET. Returns false when the variable is unset
// (not run by systemd) or the datagram could not be sent; the server runs on
// either way.
bool NotifySystemd(std::string_view state);

}  // namespace entitled::cli
