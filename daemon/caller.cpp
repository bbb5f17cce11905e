#include "caller.hpp"

#include <memory>
#include <unordered_map>

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

// A connection's credentials are fixed when it connects (the bus daemon's
// SO_PEERCRED) and a unique name is never given out twice, so what the bus
// said about a sender holds for its life: ask once per connection, not
// once per call (a round trip on the bus thread; a flood of calls would
// make it thousands a second). Bus thread only; bounded.
struct Known {
    uid_t euid;
    pid_t pid;
};
constexpr std::size_t kMaxKnown = 4096;
thread_local std::unordered_map<std::string, Known> known;

}  // namespace

Caller caller_of(const sdbus::Message* msg) {
    Caller who;
    sd_bus_message* m = msg != nullptr ? MessageAccess::raw(*msg) : nullptr;
    if (m == nullptr)
        return who;
    if (const char* sender = sd_bus_message_get_sender(m); sender != nullptr)
        who.sender = sender;
    who.interactive = sd_bus_message_get_allow_interactive_authorization(m) > 0;
    if (auto it = known.find(who.sender); it != known.end() && !who.sender.empty()) {
        who.uid = it->second.euid;
        who.pid = it->second.pid;
        return who;
    }
    // The bus daemon's word (GetConnectionCredentials: SO_PEERCRED of the
    // connection), never /proc: no AUGMENT in the mask.
    sd_bus_creds* raw = nullptr;
    if (sd_bus_query_sender_creds(m, SD_BUS_CREDS_EUID | SD_BUS_CREDS_PID, &raw) < 0)
        return who;
    std::unique_ptr<sd_bus_creds, CredsUnref> creds(raw);
    uid_t euid = 0;
    pid_t pid = 0;
    if (sd_bus_creds_get_euid(creds.get(), &euid) < 0)
        return who;       // unknown: never privileged, and not remembered
    who.uid = euid;
    if (sd_bus_creds_get_pid(creds.get(), &pid) >= 0)
        who.pid = pid;
    if (!who.sender.empty()) {
        if (known.size() >= kMaxKnown)
            known.clear();
        known.emplace(who.sender, Known{euid, who.pid});
    }
    return who;
}

}  // namespace zones::daemon
