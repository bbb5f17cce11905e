// Who is calling, as the bus says: what authorization (authz.hpp), polkit
// and the audit journal need. Taken from the message's sender credentials
// (sd-bus, WITHOUT SD_BUS_CREDS_AUGMENT: /proc data is racy and unfit for
// authorization, and sdbus-c++ 1.2's getCreds*() ask for it).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

namespace zones::daemon {

struct Caller {
    std::string sender;            // unique bus name (":1.42"): polkit's subject
    std::optional<uid_t> uid;      // effective uid; nullopt: unknown, never privileged
    pid_t pid = 0;                 // for the audit and console messages only; 0: unknown
    bool interactive = false;      // the call allows interactive authorization

    bool privileged() const { return uid && *uid == 0; }
};

// The sender of `msg`. Call on the bus thread while the message is current.
Caller caller_of(const sdbus::Message* msg);

}  // namespace zones::daemon
