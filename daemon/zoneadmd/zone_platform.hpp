// One zone's two levels: the platform (ready: pinned namespaces, mounts,
// console, plugins; no process of the zone) and the application
// environment (boot: init). Orchestrates the kernel-concern files; all on
// zoneadmd's single sd-event thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <systemd/sd-event.h>

#include "cgroup.hpp"
#include "control.hpp"
#include "init.hpp"
#include "namespaces.hpp"
#include "plugins.hpp"
#include "process.hpp"
#include "pty.hpp"
#include "zones/config.hpp"
#include "zones/timeline.hpp"

namespace zones::zoneadmd {

struct Paths {
    std::string zone;
    std::string store_root;   // "/" or --root
    std::string run;          // STOREROOT/run/zones
    std::string zone_run;     // RUN/NAME
    std::string ns_dir;       // RUN/NAME/ns
    std::string console_log;  // STOREROOT/var/log/zones/NAME.console
};

// Tests only (ZONES_TEST_PAUSE=FILE): at the step FILE names (prepare: the
// user namespace pinned, before "go"; ready: the namespaces pinned; boot:
// init started, not yet recorded; halt: the zone's processes killed,
// nothing torn down yet) remove FILE, write RUN/NAME/paused
// and stop ourselves (SIGSTOP), so a test can SIGKILL zoneadmd right there.
void test_pause(const std::string& zone_run, std::string_view step);

enum class Phase { Installed, Ready, Running, ShuttingDown, Down };

// The illumos state word of a phase ("shutting_down", ...).
std::string_view phase_name(Phase p);

class ZonePlatform {
public:
    ZonePlatform(sd_event* ev, Paths paths, ZoneConfig& cfg, PluginSet& plugins, Cgroups& cg, int id);

    std::string verify();                          // "" or error line
    // zoneadmd --prepare, before "go" (zonesd creates the scope meanwhile):
    // verify and build the part of the platform that needs none of our
    // cgroups (the user namespace). Its error, if any, is the answer of
    // the ready/boot that follows.
    void prepare();
    bool prepared() const { return prepared_; }
    // Once our cgroups exist: the maker of the zone's namespaces (prepare
    // made it with the user namespace) into payload/, told to work while
    // we go on to the platform helper. Its failure is the ready's.
    void start_ns_maker();
    void set_id(int id) { id_ = id; }
    // boot_args: a boot follows (init is spawned beside the platform helper).
    std::string ready(const std::vector<std::string>* boot_args = nullptr);
    std::string boot(std::string_view args);
    std::string adopt();                           // --adopt: take over a live platform
    std::string apply();                           // re-read the configuration, plugins apply it (zone_apply.cpp)
    // Kill everything, tear both levels down; "" and zoneadmd exits after,
    // or the one-line reason (what holds the zone) and the zone stays
    // `down` until a later halt finishes the job.
    std::string halt();
    void detach();                                 // leave the zone running (SIGHUP)
    std::optional<std::string> request(Control& ctl, std::uint64_t conn, std::string_view req);

    Phase phase() const { return phase_; }
    const Child& init() const { return init_; }    // pidfd of the running zone's init
    int userns_fd() const { return pins_.user.get(); }   // its pinned user namespace, or -1
    // Its init (systemd) owns payload/'s subtree: zlogin sessions then join
    // a leaf beside its units (Cgroups::session_v2_fd).
    bool init_owns_cgroups() const { return os_init() && pins_.user; }
    ConsoleLog& console() { return log_; }         // zlogin -C (sessions.cpp)
    // Host PIDs of every process of the zone (its payload/ cgroups).
    std::vector<pid_t> payload_pids() const { return cg_.payload_pids(); }
    // Called before init is killed (sessions.cpp): zlogin's session
    // leaders are our children in the zone's PID namespace, and init's
    // death waits until they are reaped, so they must go first.
    void set_before_stop(std::function<void()> f) { before_stop_ = std::move(f); }
    bool finished() const { return finished_; }
    // Where the time of the current (or first) ready/boot/halt went; main
    // marks zoneadmd's start-up in it, the reply carries it to zonesd.
    timing::Timeline& timeline() { return timeline_; }

private:
    Context context() const;
    std::string init_path() const;
    bool os_init() const;
    std::string build_userns();                    // the part before "go" (prepare)
    std::string prepare_plugins();                 // plugins' prepare_host, before "go" too
    std::string each_plugin(Result (Subsystem::*hook)(const Context&) noexcept, std::string_view what);
    // from: where the root's owners are; recorded: what ZONEPATH/idbase says.
    std::string shift_into_range(const std::string& root, std::optional<std::uint32_t> from,
                                 std::optional<std::uint32_t> recorded);
    // The id shift decided in build_userns, done by build_platform while
    // the platform helper works: "" or the cause.
    std::string run_pending_shift();
    void record_init();                            // RUN/NAME/init.pid and init.start
    // The platform helper, in payload/; with `stem`, init's stem too (init.hpp).
    std::string build_platform(bool stem);
    void let_stem_join_helper(pid_t helper);
    std::string attach_console(Fd master, Fd slave);
    std::string make_spec(const std::vector<std::string>& args);   // spec_ for a boot
    std::string start(const std::vector<std::string>& args);
    // Kill the application environment; false when something survived.
    bool stop_init();
    std::string busy();                            // what keeps a halt from finishing
    std::string settled_busy();              // busy() after a short grace for leaving holders
    void on_init_exit(int code, int status, bool known);
    std::string new_id();
    std::string err_reply(const std::string& line) const;
    void finish_shutdown();

    static int on_console(sd_event_source*, int fd, uint32_t, void* self);
    static int on_pidfd(sd_event_source*, int fd, uint32_t, void* self);
    static int on_resend(sd_event_source*, uint64_t, void* self);
    static int on_timeout(sd_event_source*, uint64_t, void* self);

    sd_event* ev_;
    Paths p_;
    ZoneConfig& cfg_;                              // replaced by apply()
    PluginSet& plugins_;
    Cgroups& cg_;
    int id_;
    Phase phase_ = Phase::Installed;
    bool finished_ = false;
    PinnedFds pins_;
    Fd mnt_template_;   // RUN/.mnt, or none (open_mnt_template)
    std::uint32_t id_base_ = 0;                    // first host id of the zone's range
    Fd console_master_, console_slave_;
    bool prepared_ = false;                        // prepare() ran; ready() finishes
    std::string prepare_err_;
    std::vector<bool> proc_files_;                 // proc_files_present(), once (before a boot's way)
    EventSource console_src_;
    ConsoleLog log_;
    BootSpec spec_;
    std::string shift_note_;                       // how much of the root the last id shift looked into
    struct PendingShift {
        std::optional<std::uint32_t> from, recorded;
    };
    std::optional<PendingShift> shift_;            // build_userns -> build_platform
    std::size_t holders_looked_ = 0;               // processes the last holder check looked at
    InitStem stem_;                                // boot from installed: init-to-be, waiting
    NsMaker ns_maker_;                             // build_userns -> build_platform (namespaces.hpp)
    std::string ns_maker_err_;                     // start_ns_maker's failure, for build_platform
    Child init_;
    // init's own mount, IPC and PID namespaces, held until halt so that
    // it can tell who else still holds them.
    std::vector<Fd> app_ns_;
    void hold_app_namespaces(pid_t init);
    // Mounts and namespaces whose last close tears something down (an RCU
    // grace period): the boot's go-between mount namespace (start_init),
    // the procfs of proc_files_present. Closed after the reply went out,
    // at the event loop's next turn, not on the way of a ready or boot.
    std::vector<Fd> retired_;
    EventSource release_src_;
    void retire(Fd fd);
    static int on_release(sd_event_source*, void* self);
    EventSource init_src_, timer_src_, resend_src_;
    Control* ctl_ = nullptr;
    std::vector<std::uint64_t> waiting_;
    std::function<void()> before_stop_;           // shutdown requests to answer
    timing::Timeline timeline_;
    bool started_up_ = false;                      // start-up spans went out with a reply
    // A lifecycle reply with the spans of this request appended.
    std::string timed(std::string reply);
    std::string state_text() const;
};

}  // namespace zones::zoneadmd
