#include "zone-calls.hpp"

#include <fcntl.h>

#include <algorithm>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "audit.hpp"
#include "log.hpp"
#include "zone-dbus.hpp"

namespace zones::daemon {
namespace {

// What one changing call went through, for its audit entry.
struct CallState {
    Caller who;
    std::string zone;
    Verb verb = Verb::Configure;
    bool decided = false;        // authorize() answered
    Decision decision;
};

void audit_answer(const CallState& s, const Outcome& o) {
    // Not decided (busy before authorization) or not a change: no entry.
    if (!s.decided || s.decision.result == Decision::Result::Busy || !rule(s.verb).audited)
        return;
    AuditRecord r;
    r.zone = s.zone;
    r.verb = std::string(rule(s.verb).name);
    r.uid = s.who.uid;
    r.user = s.decision.user;
    r.pid = s.who.pid;
    r.authorized_by = s.decision.how;
    r.result = o.ok ? "ok" : s.decision.allowed() ? "failed" : "denied";
    r.detail = o.message;
    audit(r);
}

ZoneError no_such_zone(const std::string& name) {
    return ZoneError(ErrorKind::NoSuchZone, fmt::format("{}: No such zone configured", shown_name(name)));
}

// The zone of that name is no longer the one the caller was authorized
// for (renamed, deleted, made anew while the call waited its turn).
ZoneError replaced_zone(const std::string& name, Verb verb, std::uint64_t authorized) {
    if (verb == Verb::Create && authorized == 0)
        return ZoneError(ErrorKind::Invalid,
                         fmt::format("{}: Zone name already in use", shown_name(name)));
    return no_such_zone(name);
}

}  // namespace

ZoneCalls::ZoneCalls(Manager& manager, Runtime& runtime, Logins& logins, Authority& authority,
                     WorkQueue& queue, WorkQueue& users)
    : manager_(manager), runtime_(runtime), logins_(logins), authority_(authority), queue_(queue),
      users_(users) {}

// The one path of every changing call: admission (unprivileged callers
// have a cap in flight), authorize(), then the work where it belongs, and
// the audit entry when the answer goes out.
template <typename... Out, typename Work>
void ZoneCalls::change(const Caller& who, std::function<Target()> target, Details extra, Place place,
                       sdbus::Result<Out...>&& result, Work work, std::optional<Target> also) noexcept {
    using R = Reply<Out...>;
    std::shared_ptr<R> reply;
    try {
        reply = std::make_shared<R>(std::move(result));
        auto state = std::make_shared<CallState>();
        state->who = who;
        const bool capped = !who.privileged();
        if (capped && !authority_.admit(who)) {
            reply->fail(busy_error());
            return;
        }
        reply->on_answer([this, state, capped](const Outcome& o) {
            if (capped)
                authority_.release(state->who);
            audit_answer(*state, o);
        });
        auto proceed = [this, state, reply, extra, place, work, also](const Target& t) {
            state->zone = t.zone;
            state->verb = t.verb;
            // Which zone of that name the caller is authorized for: the
            // job waits on the zone's lane, and a rename plus a new zone
            // of the name may come first.
            const std::uint64_t generation = manager_.generation(t.zone);
            auto then = [this, state, reply, place, work, t, generation, also](const Decision& d) {
                state->decision = d;
                state->decided = true;
                if (d.result == Decision::Result::Busy)
                    return reply->fail(busy_error());
                if (!d.allowed())
                    return reply->fail(ZoneError(ErrorKind::AccessDenied, d.refusal));
                Manager& manager = manager_;
                auto run = [this, &manager, reply, place, work, d, t, generation]() {
                    auto job = [&manager, reply, work, d, t, generation]() mutable {
                        answer_errors(*reply, [&] {
                            if (!same_zone(t.verb, generation, manager.generation(t.zone)))
                                throw replaced_zone(t.zone, t.verb, generation);
                            work(reply, d);
                        });
                    };
                    if (place == Place::Now)
                        return job();
                    const std::string key = place == Place::Lane ? t.zone : unordered_key();
                    if (!queue_.submit(key, std::move(job)))
                        reply->fail(busy_error());
                };
                if (!also)
                    return run();
                // The second right; its refusal is the call's answer.
                authority_.authorize(state->who, also->zone, also->verb, {},
                                     [reply, run](const Decision& d2) {
                                         if (d2.result == Decision::Result::Busy)
                                             return reply->fail(busy_error());
                                         if (!d2.allowed())
                                             return reply->fail(ZoneError(ErrorKind::AccessDenied, d2.refusal));
                                         run();
                                     });
            };
            if (state->who.privileged())
                authority_.authorize(state->who, t.zone, t.verb, extra, then);
            else
                authority_.authorize_here(state->who, t.zone, t.verb, extra, then);
        };
        if (who.privileged()) {
            proceed(target());
            return;
        }
        // What the call is about (maybe parsed from its XML) and the
        // admin check: on the caller's own lane, never the bus thread.
        auto first = [reply, target, proceed]() { answer_errors(*reply, [&] { proceed(target()); }); };
        if (!users_.submit(Authority::lane(who), std::move(first)))
            reply->fail(busy_error());
    } catch (const std::exception& e) {
        if (reply)
            reply->fail(internal_error(e.what()));
    }
}

// --- reads -------------------------------------------------------------------

void ZoneCalls::list_zones(const Caller& who, sdbus::Result<std::vector<ZoneRow>>&& result) {
    Manager& manager = manager_;
    read(who, std::move(result), [&manager](auto& reply) {
        manager.refresh();
        std::vector<ZoneRow> rows;
        for (const ZoneInfo& z : manager.list())
            rows.emplace_back(z.id, z.name, std::string(state_name(z.state)), z.zonepath, z.uuid,
                              z.brand, z.ip_type, sdbus::ObjectPath(zone_object_path(z.name)));
        reply.ok(rows);
    });
}

void ZoneCalls::get_zone(const Caller& who, sdbus::Result<sdbus::ObjectPath>&& result, std::string name) {
    Manager& manager = manager_;
    read(who, std::move(result), [&manager, name = std::move(name)](auto& reply) {
        manager.current(name);   // that zone re-read alone; NoSuchZone if none
        reply.ok(sdbus::ObjectPath(zone_object_path(name)));
    });
}

void ZoneCalls::get_configuration(const Caller& who, sdbus::Result<std::string>&& result,
                                  std::string name) {
    Manager& manager = manager_;
    read(who, std::move(result), [&manager, name = std::move(name)](auto& reply) {
        reply.ok(manager.get_configuration(name));
    });
}

void ZoneCalls::get_template(const Caller& who, sdbus::Result<std::string>&& result, std::string name) {
    Manager& manager = manager_;
    read(who, std::move(result), [&manager, name = std::move(name)](auto& reply) {
        reply.ok(manager.get_template(name));
    });
}

void ZoneCalls::verify_configuration(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                                     std::string xml) {
    Manager& manager = manager_;
    read(who, std::move(result), [&manager, xml = std::move(xml)](auto& reply) {
        reply.ok(manager.verify(xml));
    });
}

void ZoneCalls::verify_zone(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                            std::string name) {
    Manager& manager = manager_;
    auto work = [&manager, name](auto& reply) { reply.ok(manager.verify_zone(name)); };
    // root's on the zone's lane: a verify never overlaps the zone's verbs.
    if (who.privileged())
        run_operation(queue_, name, std::move(result), std::move(work));
    else
        read(who, std::move(result), std::move(work));
}

// --- zonecfg -----------------------------------------------------------------

template <typename... Out, typename Answer>
void ZoneCalls::configure(const Caller& who, std::string old_name, std::string xml,
                          sdbus::Result<Out...>&& result, Answer answer) {
    Manager& manager = manager_;
    auto text = std::make_shared<const std::string>(std::move(xml));
    auto target = [&manager, old_name, text]() -> Target {
        if (!old_name.empty())
            return {old_name, Verb::Configure};
        // A new zone, or zonecfg "create -F" over a configured one.
        std::string name = manager.name_in(*text);
        if (!name.empty() && manager.find(name))
            return {name, Verb::Configure};
        return {name, Verb::Create};
    };
    change(who, target, {}, Place::Lane, std::move(result),
           [&manager, old_name, text, answer](auto& reply, const Decision&) {
               answer(*reply, manager.set_configuration(old_name, *text));
           });
}

void ZoneCalls::set_configuration(const Caller& who, sdbus::Result<sdbus::ObjectPath>&& result,
                                  std::string old_name, std::string xml) {
    configure(who, std::move(old_name), std::move(xml), std::move(result),
              [](auto& reply, const ZoneInfo& saved) {
                  reply.ok(sdbus::ObjectPath(zone_object_path(saved.name)));
              });
}

void ZoneCalls::set_configuration(const Caller& who, sdbus::Result<>&& result, std::string name,
                                  std::string xml) {
    configure(who, std::move(name), std::move(xml), std::move(result),
              [](auto& reply, const ZoneInfo&) { reply.ok(); });
}

void ZoneCalls::delete_configuration(const Caller& who, sdbus::Result<>&& result, std::string name,
                                     bool force) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Delete}; }, {}, Place::Lane,
           std::move(result), [&manager, name, force](auto& reply, const Decision&) {
               manager.delete_configuration(name, force);
               reply->ok();
           });
}

// --- zoneadm: every verb on the zone's lane, so two never overlap -------------

void ZoneCalls::install(const Caller& who, sdbus::Result<>&& result, std::string name,
                        std::vector<std::string> args) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Install}; }, {}, Place::Lane,
           std::move(result), [&manager, name, args](auto& reply, const Decision& d) {
               manager.install(name, args, d.how == "root");
               reply->ok();
           });
}

void ZoneCalls::uninstall(const Caller& who, sdbus::Result<>&& result, std::string name, bool force) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Uninstall}; }, {}, Place::Lane,
           std::move(result), [&manager, name, force](auto& reply, const Decision&) {
               manager.uninstall(name, force);
               reply->ok();
           });
}

void ZoneCalls::mark_incomplete(const Caller& who, sdbus::Result<>&& result, std::string name) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Mark}; }, {}, Place::Lane,
           std::move(result), [&manager, name](auto& reply, const Decision&) {
               manager.mark_incomplete(name);
               reply->ok();
           });
}

void ZoneCalls::mark(const Caller& who, sdbus::Result<>&& result, std::string name, std::string state) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Mark}; }, {}, Place::Lane,
           std::move(result), [&manager, name, state](auto& reply, const Decision&) {
               manager.mark(name, state);
               reply->ok();
           });
}

// --- clone, move, detach, attach: on the zone's lane (a clone's source is
// held by the Manager meanwhile) ------------------------------------------------

void ZoneCalls::clone(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
                      std::string source, std::vector<std::string> args) {
    Manager& manager = manager_;
    change(
        who, [name] { return Target{name, Verb::Clone}; }, {}, Place::Lane, std::move(result),
        [&manager, name, source, args](auto& reply, const Decision&) {
            reply->ok(manager.clone(name, source, args));
        },
        // The global zone and unknown names get clone's own messages.
        source == "global" || !valid_zone_name(source) ? std::nullopt
                                                        : std::optional<Target>(Target{source, Verb::CloneFrom}));
}

void ZoneCalls::move(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
                     std::string zonepath) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Move}; }, {}, Place::Lane, std::move(result),
           [&manager, name, zonepath](auto& reply, const Decision& d) {
               if (d.how != "root")
                   throw ZoneError(ErrorKind::AccessDenied,
                                   fmt::format("zone '{}': only root may move a zone (the new zonepath is "
                                               "made as root)",
                                               shown_name(name)));
               reply->ok(manager.move(name, zonepath));
           });
}

void ZoneCalls::detach(const Caller& who, sdbus::Result<std::string>&& result, std::string name, bool dry_run) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Detach}; }, {}, Place::Lane, std::move(result),
           [&manager, name, dry_run](auto& reply, const Decision&) { reply->ok(manager.detach(name, dry_run)); });
}

void ZoneCalls::attach(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
                       bool force) {
    Manager& manager = manager_;
    change(who, [name] { return Target{name, Verb::Attach}; }, {}, Place::Lane, std::move(result),
           [&manager, name, force](auto& reply, const Decision&) { reply->ok(manager.attach(name, force)); });
}

void ZoneCalls::check_manifest(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                               std::string manifest) {
    Manager& manager = manager_;
    read(who, std::move(result),
         [&manager, manifest = std::move(manifest)](auto& reply) { reply.ok(manager.check_manifest(manifest)); });
}

template <typename... Out, typename Run, typename Answer>
void ZoneCalls::lifecycle(const Caller& who, std::string name, Verb verb, uint64_t since,
                          sdbus::Result<Out...>&& result, Run run, Answer answer) {
    const std::uint64_t received = timing::now_ns();
    Runtime& runtime = runtime_;
    GracePrimer* primer = verb == Verb::Halt ? nullptr : primer_;   // halt moves no process
    change(who, [name, verb] { return Target{name, verb}; }, {}, Place::Lane,
           std::move(result),
           [&runtime, name, verb, since, received, run, answer, primer](auto& reply, const Decision&) {
               if (primer)
                   primer->kick();
               timing::Timeline tl;
               // The caller's clock is ours (CLOCK_MONOTONIC of the host);
               // a time after our own, or a minute before, is not a send time.
               const std::uint64_t sent = since * 1000;
               const bool known = since != 0 && sent <= received && received - sent < 60000000000ULL;
               if (known)
                   tl.add(timing::Span{"client: start, D-Bus call to zonesd", sent, received, false, {}});
               tl.begin_at(received);
               tl.mark("zonesd: authorization, queue");
               const std::string_view word = rule(verb).name;
               std::string notice;
               try {
                   notice = run(runtime, tl);
               } catch (const std::exception& e) {
                   log_timings(name, word, tl.spans(), known ? sent : received, false);
                   throw;
               }
               answer(reply, notice, tl);
               log_timings(name, word, tl.spans(), known ? sent : received, true);
           });
}

namespace {

std::vector<ZoneCalls::TimingRow> timing_rows(const timing::Timeline& tl) {
    std::vector<ZoneCalls::TimingRow> rows;
    for (const timing::Span& s : tl.spans())
        rows.emplace_back(s.name, s.meanwhile, s.start_ns / 1000, s.ns() / 1000);
    return rows;
}

}  // namespace

void ZoneCalls::ready(const Caller& who, sdbus::Result<std::string>&& result, std::string name) {
    lifecycle(who, name, Verb::Ready, 0, std::move(result),
              [name](Runtime& r, timing::Timeline& tl) { return r.ready(name, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline&) { reply->ok(notice); });
}

void ZoneCalls::boot(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
                     std::string args) {
    lifecycle(who, name, Verb::Boot, 0, std::move(result),
              [name, args](Runtime& r, timing::Timeline& tl) { return r.boot(name, args, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline&) { reply->ok(notice); });
}

void ZoneCalls::halt(const Caller& who, sdbus::Result<std::string>&& result, std::string name) {
    lifecycle(who, name, Verb::Halt, 0, std::move(result),
              [name](Runtime& r, timing::Timeline& tl) { return r.halt(name, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline&) { reply->ok(notice); });
}

void ZoneCalls::ready_timed(const Caller& who, Timed&& result, std::string name, uint64_t since) {
    lifecycle(who, name, Verb::Ready, since, std::move(result),
              [name](Runtime& r, timing::Timeline& tl) { return r.ready(name, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline& tl) {
                  reply->ok(notice, timing_rows(tl));
              });
}

void ZoneCalls::boot_timed(const Caller& who, Timed&& result, std::string name, std::string args,
                           uint64_t since) {
    lifecycle(who, name, Verb::Boot, since, std::move(result),
              [name, args](Runtime& r, timing::Timeline& tl) { return r.boot(name, args, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline& tl) {
                  reply->ok(notice, timing_rows(tl));
              });
}

void ZoneCalls::halt_timed(const Caller& who, Timed&& result, std::string name, uint64_t since) {
    lifecycle(who, name, Verb::Halt, since, std::move(result),
              [name](Runtime& r, timing::Timeline& tl) { return r.halt(name, &tl); },
              [](auto& reply, const std::string& notice, const timing::Timeline& tl) {
                  reply->ok(notice, timing_rows(tl));
              });
}

void ZoneCalls::shutdown(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
                         bool reboot, std::string args) {
    Runtime& runtime = runtime_;
    change(who, [name] { return Target{name, Verb::Shutdown}; }, {}, Place::Lane,
           std::move(result), [&runtime, name, reboot, args](auto& reply, const Decision&) {
               reply->ok(runtime.shutdown(name, reboot, args));
           });
}

void ZoneCalls::shutdown_within(const Caller& who, sdbus::Result<std::string>&& result,
                                std::string name, uint32_t timeout) {
    Runtime& runtime = runtime_;
    change(who, [name] { return Target{name, Verb::Shutdown}; }, {}, Place::Lane,
           std::move(result), [&runtime, name, timeout](auto& reply, const Decision&) {
               reply->ok(runtime.shutdown(name, false, "", timeout));
           });
}

void ZoneCalls::reboot(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
                       std::string args) {
    Runtime& runtime = runtime_;
    change(who, [name] { return Target{name, Verb::Reboot}; }, {}, Place::Lane,
           std::move(result), [&runtime, name, args](auto& reply, const Decision&) {
               reply->ok(runtime.reboot(name, args));
           });
}

void ZoneCalls::apply(const Caller& who, sdbus::Result<std::string>&& result, std::string name) {
    Runtime& runtime = runtime_;
    change(who, [name] { return Target{name, Verb::Apply}; }, {}, Place::Lane,
           std::move(result), [&runtime, name](auto& reply, const Decision&) {
               reply->ok(runtime.apply(name));
           });
}

// --- zlogin: straight to zoneadmd once authorized, never through the work
// queue (login.hpp) -----------------------------------------------------------

void ZoneCalls::run_command(const Caller& who, sdbus::Result<int32_t>&& result, std::string name,
                            std::string user, std::vector<std::string> command, sdbus::UnixFd in_fd,
                            sdbus::UnixFd out_fd, sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd,
                            uint64_t flags) {
    Logins& logins = logins_;
    // sdbus-c++ hands us dup()s without CLOEXEC: mark them at once, so no
    // child of ours (zoneadmd, tar) can inherit a client's stdio.
    for (const sdbus::UnixFd* fd : {&in_fd, &out_fd, &err_fd, &signal_fd})
        if (fd->isValid())
            ::fcntl(fd->get(), F_SETFD, FD_CLOEXEC);
    // The fds travel with the call until zoneadmd has them (shared: the
    // continuation is copied, an fd is not).
    auto fds = std::make_shared<std::vector<sdbus::UnixFd>>(
        std::vector<sdbus::UnixFd>{std::move(in_fd), std::move(out_fd), std::move(err_fd),
                                   std::move(signal_fd)});
    change(who, [name] { return Target{name, Verb::Run}; }, {{"user", user}}, Place::Now,
           std::move(result), [&logins, name, user, command, fds, flags, primer = primer_](auto& reply, const Decision&) {
               if (primer)
                   primer->kick();   // the session's move into payload/
               std::vector<int> raw;
               for (const sdbus::UnixFd& fd : *fds)
                   raw.push_back(fd.get());
               logins.run(reply, name, user, raw, command, flags);
           });
}

void ZoneCalls::open_shell(const Caller& who, sdbus::Result<sdbus::UnixFd, std::string>&& result,
                           std::string name, std::string user, std::string term, uint64_t flags) {
    Logins& logins = logins_;
    // zlogin -S needs what a command needs (illumos: manage), never the
    // `login` auth alone.
    const Verb verb = (flags & Logins::kSafe) ? Verb::Failsafe : Verb::Login;
    change(who, [name, verb] { return Target{name, verb}; }, {{"user", user}}, Place::Now,
           std::move(result), [&logins, name, user, term, flags, primer = primer_](auto& reply, const Decision& d) {
               if (primer)
                   primer->kick();
               logins.shell(reply, name, user, term, flags, d.password);
           });
}

void ZoneCalls::open_console(const Caller& who, sdbus::Result<sdbus::UnixFd>&& result, std::string name) {
    Logins& logins = logins_;
    const pid_t pid = who.pid;
    change(who, [name] { return Target{name, Verb::Console}; }, {}, Place::Now,
           std::move(result), [&logins, name, pid](auto& reply, const Decision&) {
               logins.console(reply, name, pid);
           });
}

// --- zoneadm log ----------------------------------------------------------

void ZoneCalls::get_log(const Caller& who, sdbus::Result<std::vector<LogRow>>&& result,
                        std::string name, uint32_t count) {
    Manager& manager = manager_;
    const std::size_t n = std::clamp<uint32_t>(count, 1, 10000);
    change(who, [name] { return Target{name, Verb::Log}; }, {}, Place::Unordered,
           std::move(result), [&manager, name, n](auto& reply, const Decision&) {
               if (!valid_zone_name(name) || !manager.find(name))
                   throw no_such_zone(name);
               std::vector<LogRow> rows;
               for (const AuditRecord& r : read_audit(name, n))
                   rows.emplace_back(r.usec, r.user, r.uid ? static_cast<uint32_t>(*r.uid) : UINT32_MAX,
                                     static_cast<uint32_t>(r.pid), r.verb, r.result, r.authorized_by,
                                     r.detail);
               reply->ok(rows);
           });
}

// --- what the caller may do ---------------------------------------------------

void ZoneCalls::get_access(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                           std::string name, std::vector<std::string> verbs) {
    using R = Reply<std::vector<std::string>>;
    std::shared_ptr<R> reply;
    try {
        reply = std::make_shared<R>(std::move(result));
        std::vector<Verb> asked;
        for (const std::string& v : verbs) {
            const std::optional<Verb> verb = verb_named(v);
            if (!verb)
                return reply->fail(ZoneError(ErrorKind::Invalid, fmt::format("unknown verb '{}'", v)));
            asked.push_back(*verb);
        }
        const bool capped = !who.privileged();
        if (capped && !authority_.admit(who))
            return reply->fail(busy_error());
        if (capped)
            reply->on_answer([this, who](const Outcome&) { authority_.release(who); });
        // A question: never a password prompt.
        Caller quiet = who;
        quiet.interactive = false;
        const Manager& manager = manager_;
        Authority& authority = authority_;
        auto job = [&manager, &authority, reply, quiet, name, verbs, asked]() {
            answer_errors(*reply, [&] {
                if (!valid_zone_name(name) || !manager.find(name))
                    throw no_such_zone(name);
                if (asked.empty())
                    return reply->ok({});
                // Answers come back here, on a worker or polkit's thread.
                struct Tally {
                    std::mutex mu;
                    std::vector<Decision::Result> results;
                    std::size_t left;
                };
                auto tally = std::make_shared<Tally>();
                tally->results.assign(asked.size(), Decision::Result::Denied);
                tally->left = asked.size();
                for (std::size_t i = 0; i < asked.size(); ++i) {
                    authority.authorize_here(quiet, name, asked[i], {},
                                             [tally, reply, verbs, i](const Decision& d) {
                        std::lock_guard lock(tally->mu);
                        tally->results[i] = d.result;
                        if (--tally->left != 0)
                            return;
                        std::vector<std::string> allowed;
                        for (std::size_t j = 0; j < verbs.size(); ++j) {
                            if (tally->results[j] == Decision::Result::Busy)
                                return reply->fail(busy_error());
                            if (tally->results[j] == Decision::Result::Allowed)
                                allowed.push_back(verbs[j]);
                        }
                        reply->ok(allowed);
                    });
                }
            });
        };
        const bool queued = capped ? users_.submit(Authority::lane(who), std::move(job))
                                   : queue_.submit(unordered_key(), std::move(job));
        if (!queued)
            reply->fail(busy_error());
    } catch (const std::exception& e) {
        if (reply)
            reply->fail(internal_error(e.what()));
    }
}

}  // namespace zones::daemon
