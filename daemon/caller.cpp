#include "caller.hpp"

#include <memory>

#include <systemd/sd-bus.h>

namespace zones::daemon {
namespace {

// Reach the sd_bus_message inside an sdbus::Message: sdbus-c++ 1.2 keeps it
// protected and offers only AUGMENTed credentials. A pointer to the
// inherited member is the one legal way in.
struct MessageAccess : sdbus::Message {
    static sd_bus_message* raw(const sdbus::Message& m) {
        return static_cast<sd_bus_message*>(m.*(&MessageAccess::msg_));
    }
};

struct CredsUnref {
    void operator()(sd_bus_creds* c) const noexcept { sd_bus_creds_unref(c); }
};

}  // namespace

Caller caller_of(const sdbus::Message* msg) {
    Caller who;
    sd_bus_message* m = msg != nullptr ? MessageAccess::raw(*msg) : nullptr;
    if (m == nullptr)
        return who;
    if (const char* sender = sd_bus_message_get_sender(m); sender != nullptr)
        who.sender = sender;
    who.interactive = sd_bus_message_get_allow_interactive_authorization(m) > 0;
    // The bus daemon's word (GetConnectionCredentials: SO_PEERCRED of the
    // connection), never /proc: no AUGMENT in the mask.
    sd_bus_creds* raw = nullptr;
    if (sd_bus_query_sender_creds(m, SD_BUS_CREDS_EUID | SD_BUS_CREDS_PID, &raw) < 0)
        return who;
    std::unique_ptr<sd_bus_creds, CredsUnref> creds(raw);
    uid_t euid = 0;
    if (sd_bus_creds_get_euid(creds.get(), &euid) >= 0)
        who.uid = euid;
    pid_t pid = 0;
    if (sd_bus_creds_get_pid(creds.get(), &pid) >= 0)
        who.pid = pid;
    return who;
}

}  // namespace zones::daemon
