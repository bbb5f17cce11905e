#include "bus.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace zones::client {
namespace {

constexpr std::string_view kErrorPrefix = "org.zones.Error.";

// Bus errors that mean nobody is there to answer.
bool is_unreachable(std::string_view name) {
    for (std::string_view n : {"org.freedesktop.DBus.Error.ServiceUnknown",
                               "org.freedesktop.DBus.Error.NameHasNoOwner",
                               "org.freedesktop.DBus.Error.NoServer",
                               "org.freedesktop.DBus.Error.NoReply",
                               "org.freedesktop.DBus.Error.Timeout",
                               "org.freedesktop.DBus.Error.TimedOut",
                               "org.freedesktop.DBus.Error.Disconnected",
                               "org.freedesktop.DBus.Error.UnknownObject"})
        if (name == n)
            return true;
    // sd-bus reports local failures (socket, auth) as errno errors.
    return name.rfind("org.freedesktop.DBus.Error.Spawn.", 0) == 0 ||
           name.rfind("System.Error.", 0) == 0;
}

}  // namespace

ZoneError unreachable(std::string_view why) {
    return ZoneError(ErrorKind::Internal,
                     fmt::format("cannot reach the zones service ({}): {}", kService, why));
}

void check(int r, std::string_view what) {
    if (r < 0)
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", what, std::strerror(-r)));
}

ZoneError to_zone_error(const sd_bus_error& error, std::string_view zone, std::string_view path) {
    const std::string_view name = error.name != nullptr ? error.name : "";
    const std::string message = error.message != nullptr ? error.message : "";
    if (name.substr(0, kErrorPrefix.size()) == kErrorPrefix) {
        if (auto kind = parse_error_kind(name.substr(kErrorPrefix.size())))
            return ZoneError(*kind, message);
    }
    // The service is there; the zone's object went away with the zone.
    if (name == "org.freedesktop.DBus.Error.UnknownObject" &&
        path.substr(0, kZonePathPrefix.size()) == kZonePathPrefix && path.size() > kZonePathPrefix.size())
        return ZoneError(ErrorKind::NoSuchZone, fmt::format("{}: No such zone configured",
                                                            zone.empty() ? path : zone));
    if (is_unreachable(name))
        return unreachable(message.empty() ? std::string(name) : message);
    if (name == "org.freedesktop.DBus.Error.AccessDenied" ||
        name == "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired")
        return ZoneError(ErrorKind::AccessDenied,
                         zone.empty() ? std::string("Permission denied")
                                      : fmt::format("{}: Permission denied", zone));
    return ZoneError(ErrorKind::Internal,
                     fmt::format("{}: {}", name.empty() ? "D-Bus error" : name, message));
}

Bus Bus::system() {
    sd_bus* raw = nullptr;
    int r = sd_bus_open_system(&raw);
    BusPtr bus(raw);
    if (r < 0)
        throw unreachable(std::strerror(-r));
    // On a terminal, a polkit authentication agent of the user's session
    // may ask for a password (as systemctl does); elsewhere polkit answers
    // at once, and without a grant that is a refusal, never a wait.
    sd_bus_set_allow_interactive_authorization(bus.get(), ::isatty(STDIN_FILENO) == 1);
    return Bus(std::move(bus));
}

MessagePtr Bus::manager_call(const char* member) const {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(bus_.get(), &raw, kService, kManagerPath,
                                           kManagerInterface, member);
    MessagePtr m(raw);
    check(r, fmt::format("cannot create a {} call", member));
    return m;
}

namespace {

struct Pending {
    bool done = false;
    MessagePtr reply;
};

int on_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* p = static_cast<Pending*>(userdata);
    p->reply = MessagePtr(sd_bus_message_ref(m));
    p->done = true;
    return 0;
}

// sd_bus_call waits for the bus's Hello reply before it sends anything: a
// round trip to dbus-daemon more for a tool that makes one call. Sent
// asynchronously, the call is queued behind Hello and goes out with it.
int call_pipelined(sd_bus* bus, sd_bus_message* message, std::uint64_t timeout_usec, sd_bus_error* error,
                   MessagePtr& reply) {
    Pending p;
    sd_bus_slot* raw_slot = nullptr;
    int r = sd_bus_call_async(bus, &raw_slot, message, on_reply, &p, timeout_usec);
    sys::SlotPtr slot(raw_slot);   // a throw below must not leave a callback to `p`
    // A failure of the connection itself carries its errno as sd_bus_call's
    // does (EACCES: AccessDenied, ...).
    if (r < 0) return sd_bus_error_set_errno(error, r);
    while (!p.done) {
        r = sd_bus_process(bus, nullptr);
        if (r < 0) return sd_bus_error_set_errno(error, r);
        if (r > 0) continue;
        r = sd_bus_wait(bus, UINT64_MAX);   // the call's own timeout ends it
        if (r < 0 && r != -EINTR) return sd_bus_error_set_errno(error, r);
    }
    if (const sd_bus_error* e = sd_bus_message_get_error(p.reply.get()); e != nullptr) {
        r = sd_bus_error_copy(error, e);
        return r < 0 ? r : -EIO;
    }
    reply = std::move(p.reply);
    return 1;
}

}  // namespace

MessagePtr Bus::call(sd_bus_message* message, std::string_view zone,
                     std::uint64_t timeout_usec) const {
    BusError error;
    MessagePtr reply;
    int r = call_pipelined(bus_.get(), message, timeout_usec, error.get(), reply);
    if (r < 0) {
        if (error.is_set()) {
            const char* path = sd_bus_message_get_path(message);
            throw to_zone_error(*error, zone, path != nullptr ? path : "");
        }
        // No D-Bus error: the connection itself failed (socket, auth).
        throw unreachable(std::strerror(-r));
    }
    return reply;
}

}  // namespace zones::client
