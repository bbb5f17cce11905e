#include "authorize.hpp"

#include <pwd.h>

#include <time.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "log.hpp"

namespace zones::daemon {
namespace {

// Per unprivileged user: what may be in flight at once, and how many calls
// may start per second (a token bucket).
constexpr unsigned kMaxInFlight = 32;
constexpr double kRatePerSecond = 20;
constexpr double kBurst = 100;
constexpr uid_t kUnknownUid = static_cast<uid_t>(-1);

Decision refused(Verb verb, const std::string& user, const std::string& zone) {
    Decision d;
    d.result = Decision::Result::Denied;
    d.user = user;
    d.refusal = refusal_text(verb, user, zone);
    return d;
}

// Root (euid 0 on the bus) may do anything, as on illumos.
Decision as_root() {
    Decision d;
    d.result = Decision::Result::Allowed;
    d.how = "root";
    d.user = "root";
    return d;
}

}  // namespace

Authority::Authority(const Store& store, Polkit& polkit, WorkQueue& users)
    : store_(store), polkit_(polkit), users_(users) {}

std::string Authority::lane(const Caller& who) {
    return who.uid ? fmt::format("uid:{}", *who.uid) : std::string("uid:?");
}

std::string Authority::user_name(const Caller& who) {
    if (!who.uid)
        return "unknown";
    passwd pw{};
    passwd* found = nullptr;
    std::array<char, 4096> buf{};
    if (::getpwuid_r(*who.uid, &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr)
        return pw.pw_name;
    return std::to_string(*who.uid);
}

bool Authority::admit(const Caller& who) {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    const double now = static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    std::lock_guard lock(mu_);
    // Keep only users with something going or a bucket not yet full again.
    if (budgets_.size() > 256)
        std::erase_if(budgets_, [now](const auto& kv) {
            const Budget& b = kv.second;
            return b.in_flight == 0 && b.tokens + (now - b.stamp) * kRatePerSecond >= kBurst;
        });
    auto [it, fresh] = budgets_.try_emplace(who.uid.value_or(kUnknownUid));
    Budget& b = it->second;
    b.tokens = fresh ? kBurst : std::min(kBurst, b.tokens + (now - b.stamp) * kRatePerSecond);
    b.stamp = now;
    if (b.in_flight >= kMaxInFlight || b.tokens < 1)
        return false;
    b.tokens -= 1;
    ++b.in_flight;
    return true;
}

void Authority::release(const Caller& who) {
    std::lock_guard lock(mu_);
    auto it = budgets_.find(who.uid.value_or(kUnknownUid));
    if (it == budgets_.end() || it->second.in_flight == 0)
        return;
    --it->second.in_flight;
}

void Authority::authorize(const Caller& who, const std::string& zone, Verb verb, Details extra,
                          std::function<void(const Decision&)> then) {
    if (who.privileged()) {
        then(as_root());
        return;
    }
    // Off the bus thread: a user lookup may ask NSS (LDAP...), and the
    // zone's configuration is read from the store.
    auto job = [this, who, zone, verb, extra = std::move(extra), then]() {
        authorize_here(who, zone, verb, extra, then);
    };
    if (!users_.submit(lane(who), std::move(job))) {
        Decision d;
        d.result = Decision::Result::Busy;
        then(d);
    }
}

void Authority::authorize_here(const Caller& who, const std::string& zone, Verb verb, const Details& extra,
                       const std::function<void(const Decision&)>& then) {
    if (who.privileged()) {
        then(as_root());
        return;
    }
    const VerbRule& r = rule(verb);
    const std::string user = user_name(who);
    unsigned auths = kAuthNone;
    if (who.uid && (r.grants | r.password_grants) != kAuthNone && valid_zone_name(zone)) {
        try {
            auths = admin_auths(store_.load(zone), user);
        } catch (const std::exception&) {
            // no such zone, or a damaged one: it delegates nothing
        }
    }
    if ((auths & r.grants) != 0 || (auths & r.password_grants) != 0) {
        Decision d;
        d.result = Decision::Result::Allowed;
        d.how = "admin";
        d.user = user;
        d.password = (auths & r.grants) == 0;
        then(d);
        return;
    }
    if (who.sender.empty()) {
        then(refused(verb, user, zone));
        return;
    }
    Polkit::Query q;
    q.action = std::string(r.action);
    q.sender = who.sender;
    q.interactive = who.interactive;
    q.details = {{"zone", zone}, {"verb", std::string(r.name)}};
    q.details.insert(q.details.end(), extra.begin(), extra.end());
    auto answered = [verb, user, zone, then](Polkit::Answer a, const std::string& why) {
        if (a == Polkit::Answer::Yes) {
            Decision d;
            d.result = Decision::Result::Allowed;
            d.how = "polkit";
            d.user = user;
            then(d);
            return;
        }
        if (a == Polkit::Answer::Error)
            log_warning(zone, fmt::format("{} by {}: refused, polkit could not decide: {}",
                                          rule(verb).name, user, why));
        then(refused(verb, user, zone));
    };
    if (!polkit_.check(std::move(q), answered)) {
        Decision d;
        d.result = Decision::Result::Busy;
        d.user = user;
        then(d);
    }
}

}  // namespace zones::daemon
