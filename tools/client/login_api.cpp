#include "client/login_api.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace zones::client {
namespace {

constexpr std::string_view kBadReply = "unexpected reply from org.zones.Manager";
constexpr std::uint64_t kForever = 100ULL * 365 * 24 * 3600 * 1000 * 1000;   // sd-bus saturates

struct Waiting {
    MessagePtr reply;
    bool done = false;
};

int on_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* w = static_cast<Waiting*>(userdata);
    w->reply.reset(sd_bus_message_ref(m));
    w->done = true;
    return 0;
}

// sd_bus_call, but a signal (EINTR) never loses the reply, and `pump`
// runs while it waits.
MessagePtr call(const Bus& bus, sd_bus_message* m, std::string_view zone, Pump* pump = nullptr) {
    Waiting w;
    sd_bus_slot* slot = nullptr;
    check(sd_bus_call_async(bus.get(), &slot, m, on_reply, &w, kForever), "cannot send the call");
    std::unique_ptr<sd_bus_slot, decltype(&sd_bus_slot_unref)> guard(slot, &sd_bus_slot_unref);
    std::vector<pollfd> fds;
    while (!w.done) {
        int r = sd_bus_process(bus.get(), nullptr);
        if (r < 0 && r != -EINTR) throw unreachable(std::strerror(-r));
        if (r > 0 || w.done) continue;
        r = sd_bus_get_events(bus.get());
        if (r < 0) throw unreachable(std::strerror(-r));
        fds.assign(1, pollfd{sd_bus_get_fd(bus.get()), static_cast<short>(r), 0});
        if (pump) pump->add(fds);
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw unreachable(std::strerror(errno));
        }
        if (pump) pump->handle(fds.data() + 1, fds.size() - 1);
    }
    if (const sd_bus_error* e = sd_bus_message_get_error(w.reply.get()))
        throw to_zone_error(*e, zone);
    return std::move(w.reply);
}

MessagePtr new_call(const Bus& bus, const char* member) { return bus.manager_call(member); }

sys::Fd read_fd(sd_bus_message* reply) {
    int fd = -1;
    check(sd_bus_message_read(reply, "h", &fd), kBadReply);
    sys::Fd own(::fcntl(fd, F_DUPFD_CLOEXEC, 3));   // the message owns fd
    if (!own) check(-errno, "dup");
    return own;
}

}  // namespace

int run_command(const Bus& bus, const std::string& name, const std::string& user,
                const std::vector<std::string>& command, int in_fd, int out_fd, int err_fd,
                int signal_fd, std::uint64_t flags, Pump* pump) {
    MessagePtr m = new_call(bus, "RunCommand");
    check(sd_bus_message_append(m.get(), "ss", name.c_str(), user.c_str()), "RunCommand");
    check(sd_bus_message_open_container(m.get(), 'a', "s"), "RunCommand");
    for (const std::string& w : command) check(sd_bus_message_append(m.get(), "s", w.c_str()), "RunCommand");
    check(sd_bus_message_close_container(m.get()), "RunCommand");
    check(sd_bus_message_append(m.get(), "hhhht", in_fd, out_fd, err_fd, signal_fd, flags), "RunCommand");
    MessagePtr reply = call(bus, m.get(), name, pump);
    std::int32_t status = 0;
    check(sd_bus_message_read(reply.get(), "i", &status), kBadReply);
    return status;
}

Shell open_shell(const Bus& bus, const std::string& name, const std::string& user,
                 const std::string& term, std::uint64_t flags) {
    MessagePtr m = new_call(bus, "OpenShell");
    check(sd_bus_message_append(m.get(), "ssst", name.c_str(), user.c_str(), term.c_str(), flags), "OpenShell");
    MessagePtr reply = call(bus, m.get(), name);
    Shell s;
    s.pty = read_fd(reply.get());
    const char* tty = nullptr;
    check(sd_bus_message_read(reply.get(), "s", &tty), kBadReply);
    s.tty = tty;
    return s;
}

sys::Fd open_console(const Bus& bus, const std::string& name) {
    MessagePtr m = new_call(bus, "OpenConsole");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "OpenConsole");
    MessagePtr reply = call(bus, m.get(), name);
    return read_fd(reply.get());
}

}  // namespace zones::client
