#include "polkit.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "log.hpp"
#include "sys/sd_bus.hpp"
#include "zones/config.hpp"

namespace zones::daemon {
namespace {

constexpr const char* kService = "org.freedesktop.PolicyKit1";
constexpr const char* kPath = "/org/freedesktop/PolicyKit1/Authority";
constexpr const char* kInterface = "org.freedesktop.PolicyKit1.Authority";
constexpr std::uint32_t kAllowUserInteraction = 1;
// A prompt may take a while; the tools wait 5 minutes for any call.
constexpr std::uint64_t kInteractiveTimeoutUsec = 270ULL * 1000 * 1000;
constexpr std::uint64_t kTimeoutUsec = 25ULL * 1000 * 1000;

struct EventUnref {
    void operator()(sd_event* e) const noexcept { sd_event_unref(e); }
};
using sys::BusPtr;
using sys::MessagePtr;

}  // namespace

// One CheckAuthorization in flight: answered by on_reply, or by
// on_slot_gone when the call dies unanswered (timeout is a reply; a closed
// connection is not).
struct Polkit::Pending {
    Polkit* owner;
    Done done;
    bool answered = false;
};

Polkit::Polkit(std::size_t max_outstanding) : max_outstanding_(max_outstanding) {
    wake_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake_)
        throw ZoneError(ErrorKind::Internal, sys::errno_text("polkit: eventfd", errno));
    thread_ = std::thread([this] { loop(); });
}

Polkit::~Polkit() { stop(); }

bool Polkit::check(Query query, Done done) {
    {
        std::unique_lock lock(mu_);
        if (stopping_ || outstanding_ >= max_outstanding_)
            return false;
        if (broken_) {
            lock.unlock();
            done(Answer::Error, "polkit: cannot be asked (no event loop)");
            return true;
        }
        ++outstanding_;
        queue_.emplace_back(std::move(query), std::move(done));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    return true;
}

void Polkit::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable())
            return;
        stopping_ = true;
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    if (thread_.joinable())
        thread_.join();
    // Never sent: the thread is gone, answer here.
    std::deque<std::pair<Query, Done>> left;
    {
        std::lock_guard lock(mu_);
        left.swap(queue_);
    }
    for (auto& [query, done] : left)
        done(Answer::Error, "the zones service is stopping");
}

void Polkit::finished() {
    std::lock_guard lock(mu_);
    --outstanding_;
}

void Polkit::loop() {
    sd_event* raw_event = nullptr;
    if (int r = sd_event_new(&raw_event); r < 0) {
        log_error("", fmt::format("polkit: cannot make an event loop: {}", std::strerror(-r)));
        std::lock_guard lock(mu_);
        broken_ = true;     // what is queued already is answered by stop()
        return;
    }
    std::unique_ptr<sd_event, EventUnref> event(raw_event);
    event_ = event.get();
    BusPtr bus;
    sd_bus* raw_bus = nullptr;
    if (int r = sd_bus_open_system(&raw_bus); r < 0) {
        log_error("", fmt::format("polkit: cannot connect to the system bus: {}", std::strerror(-r)));
    } else {
        bus.reset(raw_bus);
        sd_bus_attach_event(bus.get(), event.get(), SD_EVENT_PRIORITY_NORMAL);
    }
    bus_ = bus.get();
    if (sd_event_add_io(event.get(), nullptr, wake_.get(), EPOLLIN, on_wake, this) < 0) {
        log_error("", "polkit: cannot watch the wake-up fd");
        std::lock_guard lock(mu_);
        broken_ = true;
        return;
    }
    sd_event_loop(event.get());
    // Closing the connection frees the floating call slots: on_slot_gone
    // answers every check still waiting.
    bus.reset();
    bus_ = nullptr;
    event_ = nullptr;
}

int Polkit::on_wake(sd_event_source*, int fd, uint32_t, void* self) {
    auto* p = static_cast<Polkit*>(self);
    std::uint64_t n = 0;
    [[maybe_unused]] ssize_t r = ::read(fd, &n, sizeof n);
    bool stopping = false;
    {
        std::lock_guard lock(p->mu_);
        stopping = p->stopping_;
    }
    if (stopping)
        return sd_event_exit(p->event_, 0);
    p->send_queued();
    return 0;
}

void Polkit::send_queued() {
    for (;;) {
        std::pair<Query, Done> item;
        {
            std::lock_guard lock(mu_);
            if (queue_.empty())
                return;
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        send(item.first, item.second);
    }
}

void Polkit::send(Query& query, Done& done) {
    auto fail = [&](const std::string& why) {
        finished();
        done(Answer::Error, why);
    };
    if (bus_ == nullptr || sd_bus_is_open(bus_) <= 0)
        return fail("polkit: no connection to the system bus");
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(bus_, &raw, kService, kPath, kInterface,
                                           "CheckAuthorization");
    MessagePtr m(raw);
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "(sa{sv})s", "system-bus-name", 1, "name", "s",
                                  query.sender.c_str(), query.action.c_str());
    if (r >= 0)
        r = sd_bus_message_open_container(m.get(), 'a', "{ss}");
    for (const auto& [key, value] : query.details)
        if (r >= 0)
            r = sd_bus_message_append(m.get(), "{ss}", key.c_str(), value.c_str());
    if (r >= 0)
        r = sd_bus_message_close_container(m.get());
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "us", query.interactive ? kAllowUserInteraction : 0u, "");
    if (r < 0)
        return fail(fmt::format("polkit: cannot build the call: {}", std::strerror(-r)));

    auto pending = std::make_unique<Pending>(Pending{this, std::move(done)});
    sd_bus_slot* slot = nullptr;
    r = sd_bus_call_async(bus_, &slot, m.get(), on_reply, pending.get(),
                          query.interactive ? kInteractiveTimeoutUsec : kTimeoutUsec);
    if (r < 0) {
        done = std::move(pending->done);
        return fail(fmt::format("polkit: cannot send the call: {}", std::strerror(-r)));
    }
    // The slot owns the Pending from now on; the connection owns the slot.
    sd_bus_slot_set_destroy_callback(slot, on_slot_gone);
    sd_bus_slot_set_floating(slot, 1);
    sd_bus_slot_unref(slot);
    pending.release();
}

int Polkit::on_reply(sd_bus_message* reply, void* data, sd_bus_error*) {
    auto* p = static_cast<Pending*>(data);
    Answer answer = Answer::Error;
    std::string why;
    if (const sd_bus_error* e = sd_bus_message_get_error(reply); e != nullptr) {
        why = fmt::format("polkit: {}: {}", e->name ? e->name : "error", e->message ? e->message : "");
    } else {
        int authorized = 0, challenge = 0;
        if (sd_bus_message_enter_container(reply, 'r', "bba{ss}") >= 0 &&
            sd_bus_message_read(reply, "bb", &authorized, &challenge) >= 0)
            answer = authorized ? Answer::Yes : challenge ? Answer::Challenge : Answer::No;
        else
            why = "polkit: a reply that is not (bba{ss})";
    }
    p->answered = true;
    p->owner->finished();
    try {
        p->done(answer, why);
    } catch (const std::exception& e) {
        log_error("", fmt::format("polkit: answering a check: {}", e.what()));
    }
    return 0;
}

void Polkit::on_slot_gone(void* data) {
    std::unique_ptr<Pending> p(static_cast<Pending*>(data));
    if (p->answered)
        return;
    p->owner->finished();
    try {
        p->done(Answer::Error, "polkit: the check was abandoned");
    } catch (const std::exception& e) {
        log_error("", fmt::format("polkit: answering a check: {}", e.what()));
    }
}

}  // namespace zones::daemon
