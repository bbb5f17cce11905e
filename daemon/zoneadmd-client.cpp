#include "zoneadmd-client.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "zones/config.hpp"
#include "zones/file_util.hpp"

namespace zones::daemon {

std::optional<ZoneadmdReply> parse_zoneadmd_reply(std::string_view text) {
    std::vector<timing::Span> spans;
    std::string state;
    if (const auto nl = text.find('\n'); nl != std::string_view::npos) {
        std::string_view rest = text.substr(nl + 1);
        spans = timing::parse(rest);
        if (rest.substr(0, 1) == "=") state = std::string(rest.substr(1, rest.find('\n') - 1));
        text = text.substr(0, nl);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.remove_suffix(1);
    for (auto [word, ok] : {std::pair{std::string_view("ok"), true},
                            std::pair{std::string_view("error"), false}}) {
        if (text == word)
            return ZoneadmdReply{ok, "", std::move(spans), std::move(state)};
        if (text.size() > word.size() && text.substr(0, word.size()) == word &&
            text[word.size()] == ' ')
            return ZoneadmdReply{ok, std::string(text.substr(word.size() + 1)), std::move(spans), std::move(state)};
    }
    return std::nullopt;
}

std::optional<ZoneadmdReply> zoneadmd_call(const std::filesystem::path& socket,
                                           const std::string& request, int timeout_ms, bool* sent) {
    if (sent)
        *sent = false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = socket.string();
    if (path.size() >= sizeof addr.sun_path)
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: path too long", path));
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);

    sys::Fd fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    if (!fd)
        fsutil::throw_errno(path, errno);
    timeval tv{};
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno == ENOENT || errno == ECONNREFUSED || errno == ENOTSOCK)
            return std::nullopt;
        fsutil::throw_errno(path, errno);
    }
    if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) < 0) {
        if (errno == EPIPE || errno == ECONNRESET)
            return std::nullopt;
        fsutil::throw_errno(path, errno);
    }
    if (sent)
        *sent = true;
    // Not zero-filled: a reply is small (16 fresh pages faulted in otherwise).
    constexpr std::size_t kRoom = 64 * 1024;
    const auto room = std::make_unique_for_overwrite<char[]>(kRoom);
    ssize_t n;
    while ((n = ::recv(fd.get(), room.get(), kRoom, 0)) < 0 && errno == EINTR) {
    }
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return reply_to(request, std::nullopt, timeout_ms);   // throws
        if (errno == ECONNRESET)
            return std::nullopt;
        fsutil::throw_errno(path, errno);
    }
    if (n == 0)
        return std::nullopt;     // it went away without a word
    return reply_to(request, std::string(room.get(), static_cast<std::size_t>(n)), timeout_ms);
}

ZoneadmdReply reply_to(const std::string& request, const std::optional<std::string>& text, int timeout_ms) {
    const std::string verb = request.substr(0, request.find(' '));
    if (!text)
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("zoneadmd did not answer '{}' within {} s", verb, timeout_ms / 1000));
    auto reply = parse_zoneadmd_reply(*text);
    if (!reply)
        throw ZoneError(ErrorKind::Internal, fmt::format("zoneadmd sent an unexpected reply to '{}'", verb));
    return std::move(*reply);
}

}  // namespace zones::daemon
