// polkit's CheckAuthorization, asynchronously, on a thread and a system-bus
// connection of its own (plain sd-bus + sd-event): an authentication
// agent's password prompt can take minutes, and neither zonesd's bus
// thread nor a worker ever waits for it. The subject is the caller's
// unique bus name ("system-bus-name"), which polkit resolves itself, as
// systemd's bus_verify_polkit_async() does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "sys/fd.hpp"

namespace zones::daemon {

class Polkit {
public:
    struct Query {
        std::string action;                                     // org.zones.manage
        std::string sender;                                     // ":1.42"
        std::vector<std::pair<std::string, std::string>> details;
        bool interactive = false;                               // AllowUserInteraction
    };
    enum class Answer {
        Yes,
        No,          // not authorized
        Challenge,   // would need authentication, and none was allowed or possible
        Error,       // polkit absent or failing: treated as No (fail closed)
    };
    using Done = std::function<void(Answer, const std::string& why)>;

    // At most `max_outstanding` checks at once: the bus daemon allows a
    // connection only so many pending calls (128 by default).
    explicit Polkit(std::size_t max_outstanding = 96);
    ~Polkit();
    Polkit(const Polkit&) = delete;
    Polkit& operator=(const Polkit&) = delete;

    // `done` runs once, on the polkit thread (keep it short: no waiting),
    // or at once when polkit cannot be asked at all. false when too many
    // checks are outstanding or the service stops (done is not called).
    bool check(Query query, Done done);
    // Answer what is pending with Error and join the thread. Idempotent.
    void stop();

private:
    struct Pending;
    void loop();
    static int on_wake(sd_event_source*, int fd, uint32_t, void* self);
    static int on_reply(sd_bus_message* reply, void* pending, sd_bus_error*);
    static void on_slot_gone(void* pending);
    void send_queued();
    void send(Query& query, Done& done);
    void finished();

    std::mutex mu_;
    std::deque<std::pair<Query, Done>> queue_;
    std::size_t outstanding_ = 0;     // queued or sent, not answered
    const std::size_t max_outstanding_;
    bool stopping_ = false;
    bool broken_ = false;             // no event loop: every check answers Error
    sys::Fd wake_;           // eventfd: queued work or stop
    // The polkit thread's own, touched by no other thread.
    sd_bus* bus_ = nullptr;
    sd_event* event_ = nullptr;
    std::thread thread_;
};

}  // namespace zones::daemon
