// The audit trail: one journal entry per administrative call (authz.hpp's
// audited verbs), granted or refused, with structured fields a person or a
// program can match on:
//
//   MESSAGE_ID=a757cf6210254042bf1aec7766332ce6  ZONE=web  VERB=boot
//   CALLER_UID=1001  CALLER_USER=bob  CALLER_PID=4242
//   RESULT=ok|denied|failed|busy  AUTHORIZED_BY=root|admin|polkit  ERROR=...
//
// and the reading side for `zoneadm -z web log` (sd-journal, entries of
// ours only: our MESSAGE_ID, written by root).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zones::daemon {

inline constexpr const char* kAuditMessageId = "a757cf6210254042bf1aec7766332ce6";

struct AuditRecord {
    std::string zone;
    std::string verb;                 // authz.hpp's rule name: boot, login, ...
    std::optional<uid_t> uid;
    std::string user;                 // the uid's name ("" if it has none)
    pid_t pid = 0;
    std::string result;               // ok, denied, failed, busy
    std::string authorized_by;        // root, admin, polkit; "" when refused before
    std::string detail;               // the error line when not ok
    std::uint64_t usec = 0;           // when (read back only)
};

// Send one entry (falls back to zonesd's log when there is no journal).
void audit(const AuditRecord& record);

// The last `count` entries for `zone`, oldest first. Throws ZoneError
// (Internal) when the journal cannot be opened.
std::vector<AuditRecord> read_audit(const std::string& zone, std::size_t count);

// "bob (uid 1001, pid 4242)" for messages.
std::string describe_caller(const AuditRecord& record);

}  // namespace zones::daemon
