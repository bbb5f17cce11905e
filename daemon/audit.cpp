#include "audit.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>

#include <fmt/format.h>
#include <systemd/sd-journal.h>

#include "log.hpp"
#include "zone.hpp"
#include "zones/config.hpp"

namespace zones::daemon {
namespace {

struct JournalClose {
    void operator()(sd_journal* j) const noexcept { sd_journal_close(j); }
};

// Field values come from clients (zone names, error lines): one line each.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 2048))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    return out;
}

std::string field(sd_journal* j, const char* name) {
    const void* data = nullptr;
    std::size_t len = 0;
    if (sd_journal_get_data(j, name, &data, &len) < 0)
        return {};
    std::string_view kv(static_cast<const char*>(data), len);
    const std::size_t eq = kv.find('=');
    return eq == std::string_view::npos ? std::string() : std::string(kv.substr(eq + 1));
}

}  // namespace

std::string describe_caller(const AuditRecord& r) {
    const std::string uid = r.uid ? std::to_string(*r.uid) : std::string("unknown");
    const std::string who = r.user.empty() ? fmt::format("uid {}", uid)
                                           : fmt::format("{} (uid {}", r.user, uid);
    if (r.user.empty())
        return r.pid > 0 ? fmt::format("{} (pid {})", who, r.pid) : who;
    return r.pid > 0 ? fmt::format("{}, pid {})", who, r.pid) : who + ")";
}

void audit(const AuditRecord& r) {
    const std::string zone = shown_name(r.zone);
    const std::string detail = one_line(r.detail);
    std::string message = fmt::format("{}: {} by {}: {}", zone, r.verb, describe_caller(r), r.result);
    if (!detail.empty())
        message += ": " + detail;
    const std::string uid = r.uid ? std::to_string(*r.uid) : std::string();
    const int priority = r.result == "ok" ? 5 : 4;    // notice; a refusal or failure: warning
    const int rc = sd_journal_send(
        "MESSAGE=%s", message.c_str(), "MESSAGE_ID=%s", kAuditMessageId,
        "PRIORITY=%d", priority, "ZONE=%s", zone.c_str(), "VERB=%s", r.verb.c_str(),
        "CALLER_UID=%s", uid.c_str(), "CALLER_USER=%s", one_line(r.user).c_str(),
        "CALLER_PID=%d", static_cast<int>(r.pid), "RESULT=%s", r.result.c_str(),
        "AUTHORIZED_BY=%s", r.authorized_by.c_str(), "ERROR=%s", detail.c_str(), nullptr);
    if (rc < 0)
        log(r.result == "ok" ? LogLevel::Notice : LogLevel::Warning, "", message);
}

std::vector<AuditRecord> read_audit(const std::string& zone, std::size_t count) {
    sd_journal* raw = nullptr;
    if (int r = sd_journal_open(&raw, SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM); r < 0)
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("zone '{}': cannot open the journal: {}", zone, std::strerror(-r)));
    std::unique_ptr<sd_journal, JournalClose> j(raw);
    // Ours only: our message ID, and written by root (any user can send an
    // entry with any MESSAGE_ID, but _UID is the journal's own field).
    const std::string id = fmt::format("MESSAGE_ID={}", kAuditMessageId);
    const std::string z = fmt::format("ZONE={}", zone);
    if (sd_journal_add_match(j.get(), id.c_str(), 0) < 0 ||
        sd_journal_add_match(j.get(), z.c_str(), 0) < 0 ||
        sd_journal_add_match(j.get(), "_UID=0", 0) < 0)
        throw ZoneError(ErrorKind::Internal, fmt::format("zone '{}': cannot query the journal", zone));
    std::vector<AuditRecord> out;
    if (sd_journal_seek_tail(j.get()) < 0)
        return out;
    while (out.size() < count && sd_journal_previous(j.get()) > 0) {
        AuditRecord r;
        r.zone = zone;
        r.verb = field(j.get(), "VERB");
        r.user = field(j.get(), "CALLER_USER");
        if (std::string uid = field(j.get(), "CALLER_UID"); !uid.empty())
            r.uid = static_cast<uid_t>(std::strtoul(uid.c_str(), nullptr, 10));
        r.pid = static_cast<pid_t>(std::strtol(field(j.get(), "CALLER_PID").c_str(), nullptr, 10));
        r.result = field(j.get(), "RESULT");
        r.authorized_by = field(j.get(), "AUTHORIZED_BY");
        r.detail = field(j.get(), "ERROR");
        std::uint64_t usec = 0;
        if (sd_journal_get_realtime_usec(j.get(), &usec) >= 0)
            r.usec = usec;
        out.push_back(std::move(r));
    }
    return {out.rbegin(), out.rend()};
}

}  // namespace zones::daemon
