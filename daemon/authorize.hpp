// The one authorization point of zonesd: authorize(caller, zone, verb),
// used by every method of org.zones.Manager and org.zones.Zone that is not
// a plain read (zone-calls.hpp). In order:
//   1. root (effective uid 0 on the bus) may do anything;
//   2. the zone's `admin` resources (illumos auths login, manage,
//      clonefrom) give their user what authz.cpp's table says;
//   3. anyone else is polkit's call: CheckAuthorization of the verb's action
//      for the caller's bus name, details zone=NAME verb=VERB (and more),
//      AllowUserInteraction when the call allows it.
// polkit absent or failing means no (fail closed). Nothing here blocks: the
// admin check (a user lookup, the zone's file) runs on the caller's lane of
// the unprivileged queue, and polkit answers on its own thread.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "authz.hpp"
#include "caller.hpp"
#include "zones/store.hpp"
#include "operation.hpp"
#include "polkit.hpp"

namespace zones::daemon {

struct Decision {
    enum class Result { Allowed, Denied, Busy };
    Result result = Result::Denied;
    std::string how;             // root, admin, polkit ("" unless allowed)
    bool password = false;       // allowed behind the zone's own password check
    std::string user;            // the caller's user name (uid digits without one)
    std::string refusal;         // the line a refusal answers with

    bool allowed() const { return result == Result::Allowed; }
};

using Details = std::vector<std::pair<std::string, std::string>>;

class Authority {
public:
    // `store`: where the zones' admin resources are read; `users`: the
    // unprivileged callers' queue (one lane per uid).
    Authority(const Store& store, Polkit& polkit, WorkQueue& users);

    // `then` runs exactly once: at once for root, else on a worker of the
    // unprivileged queue or on the polkit thread. It must not block.
    // `extra` adds polkit details (zlogin's user=).
    void authorize(const Caller& who, const std::string& zone, Verb verb, Details extra,
                   std::function<void(const Decision&)> then);
    // The same, for a job already on `who`'s lane of the unprivileged queue.
    void authorize_here(const Caller& who, const std::string& zone, Verb verb, const Details& extra,
                        const std::function<void(const Decision&)>& then);

    // What one unprivileged user may have going: at most 32 calls in flight
    // (authorizing, queued or running) and, over time, 20 a second (bursts
    // of 100), so neither root's queue nor the journal (whose rate limit
    // would drop audit entries) can be flooded by one user. admit() false
    // means answer Busy, before any decision (and so with no audit entry);
    // every admitted call is released once answered.
    bool admit(const Caller& who);
    void release(const Caller& who);

    // The unprivileged queue's lane of `who`: its uid.
    static std::string lane(const Caller& who);
    // The uid's user name, or the uid in digits (NSS: never on the bus thread).
    static std::string user_name(const Caller& who);

private:
    const Store& store_;
    Polkit& polkit_;
    WorkQueue& users_;
    struct Budget {
        unsigned in_flight = 0;
        double tokens = 0;               // calls the user may start now
        double stamp = 0;                // when tokens were counted (s, monotonic)
    };
    std::mutex mu_;
    std::map<uid_t, Budget> budgets_;
};

}  // namespace zones::daemon
