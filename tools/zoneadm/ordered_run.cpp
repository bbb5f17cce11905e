#include "ordered_run.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <systemd/sd-journal.h>

#include "zones/xml.hpp"

namespace zones::zoneadm {
namespace {

// systemd sets JOURNAL_STREAM=DEV:INO when stderr is the journal: then the
// structured entry is the only copy of a line (zones-autoboot.service).
bool stderr_is_journal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    return env != nullptr && fstat(STDERR_FILENO, &st) == 0 &&
           fmt::format("{}:{}", st.st_dev, st.st_ino) == env;
}

// The first line of a service error (the one that names the cause).
std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

class Journal {
public:
    Journal(const char* run, unsigned jobs) : run_(run), jobs_(jobs) {}

    // Called with the run's lock held, so entries are sent in the order
    // things happened.
    void entry(const std::string& zone, const char* event, int priority, unsigned in_flight,
               const std::string& message, int level) const {
        sd_journal_send("MESSAGE=%s", message.c_str(), "PRIORITY=%d", level,
                        "SYSLOG_IDENTIFIER=zoneadm", "ZONE=%s", zone.c_str(),
                        "ZONES_RUN=%s", run_, "ZONES_EVENT=%s", event,
                        "ZONES_PRIORITY=%d", priority, "ZONES_IN_FLIGHT=%u", in_flight,
                        "ZONES_JOBS=%u", jobs_, nullptr);
    }

private:
    const char* run_;
    unsigned jobs_;
};

}  // namespace

unsigned default_boot_jobs() {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return static_cast<unsigned>(std::clamp<long>(2 * cpus, 2, kMaxJobs));
}

std::optional<unsigned> parse_count(const char* text, unsigned max) {
    unsigned v = 0;
    const char* end = text + std::strlen(text);
    auto [p, ec] = std::from_chars(text, end, v);
    if (ec != std::errc() || p != end || v < 1 || v > max)
        return std::nullopt;
    return v;
}

std::vector<LiveZone> zones_with_order(Context& ctx) {
    std::vector<LiveZone> out;
    for (const client::ZoneSummary& z : ctx.zones()) {
        if (z.name == "global")
            continue;
        LiveZone lz{boot_order::Entry{z.name, 0, {}}, z.state, false};
        try {
            const ZoneConfig cfg = from_xml(client::get_configuration(ctx.bus(), z.name), z.name);
            lz.entry = boot_order::entry_of(cfg);
            lz.autoboot = cfg.autoboot;
        } catch (const ZoneError& e) {
            // Deleted meanwhile or damaged: the run reports it when it acts.
            if (e.kind() == ErrorKind::NoSuchZone)
                continue;
        }
        out.push_back(std::move(lz));
    }
    return out;
}

int run_status(const Context& ctx, const RunOutcome& out, std::size_t total, const char* what) {
    if (out.failed.empty()) return kOk;
    std::fprintf(stderr, "%s: %zu of %zu zones %s\n", ctx.execname.c_str(), out.failed.size(), total, what);
    return kErr;
}

RunOutcome run_ordered(Context& ctx, boot_order::Scheduler& scheduler, const char* run,
                       unsigned jobs,
                       const std::function<std::string(const client::Bus&, const std::string&)>& act) {
    const bool quiet = stderr_is_journal();
    const Journal journal(run, jobs);
    std::mutex mu;
    std::condition_variable cv;
    unsigned in_flight = 0;
    RunOutcome outcome;

    // Say it on stderr too when nobody reads the journal entry there.
    auto print = [&](const std::string& zone, const std::string& line) {
        if (!quiet)
            std::fprintf(stderr, "%s: zone '%s': %s\n", ctx.execname.c_str(), zone.c_str(),
                         line.c_str());
    };
    auto report_skipped = [&] {        // with mu held
        for (auto& [zone, why] : scheduler.take_failed()) {
            outcome.failed.push_back(zone);
            journal.entry(zone, "skipped", scheduler.effective_priority(zone), in_flight,
                          fmt::format("zone '{}': {}", zone, why), 3);
            print(zone, why);
        }
    };

    auto worker = [&] {
        std::optional<client::Bus> bus;
        std::unique_lock lock(mu);
        for (;;) {
            report_skipped();
            if (scheduler.done())
                break;
            std::optional<std::string> zone = scheduler.next();
            if (!zone) {
                cv.wait(lock);
                continue;
            }
            ++in_flight;
            const int prio = scheduler.effective_priority(*zone);
            journal.entry(*zone, "start", prio, in_flight,
                          fmt::format("zone '{}': {} started", *zone, run), 6);
            lock.unlock();
            std::string error, notice;
            try {
                if (!bus)
                    bus.emplace(client::Bus::system());
                notice = act(*bus, *zone);
            } catch (const ZoneError& e) {
                error = first_line(e.what());
            } catch (const std::exception& e) {
                error = e.what();
            }
            lock.lock();
            --in_flight;
            if (error.empty()) {
                ++outcome.done;
                journal.entry(*zone, "done", prio, in_flight,
                              notice.empty()
                                  ? fmt::format("zone '{}': {} done", *zone, run)
                                  : fmt::format("zone '{}': {} done: {}", *zone, run, notice),
                              notice.empty() ? 6 : 4);
                if (!notice.empty())
                    print(*zone, notice);
            } else {
                outcome.failed.push_back(*zone);
                // The service's line names the zone already ("zone 'x': ...").
                const std::string prefix = fmt::format("zone '{}': ", *zone);
                const std::string cause =
                    error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error;
                journal.entry(*zone, "failed", prio, in_flight,
                              fmt::format("{}{} failed: {}", prefix, run, cause), 3);
                print(*zone, cause);
            }
            scheduler.finish(*zone, error.empty());
            cv.notify_all();
        }
        cv.notify_all();
    };

    std::vector<std::thread> threads;
    for (unsigned i = 0; i < jobs; ++i)
        threads.emplace_back(worker);
    for (std::thread& t : threads)
        t.join();
    return outcome;
}

}  // namespace zones::zoneadm
