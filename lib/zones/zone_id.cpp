#include "zones/zone_id.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>

#include "sys/fd.hpp"
#include "sys/file_io.hpp"

namespace zones::zone_id {
namespace {

// Bit i (1-9999) of RUN/.ids is set while ID i may be held: set before a
// zoneid naming it is written, cleared only once no zoneid names it. So
// it is a superset of the truth; stale bits (a zoneid removed without
// release(), a crash between two writes) cost nothing until every bit is
// set, and then one scan of RUN/*/zoneid puts the bitmap right.
constexpr std::size_t kBytes = (kMax + 1 + 7) / 8;
using Bits = std::array<unsigned char, kBytes>;

bool test(const Bits& b, int id) { return (b[id / 8] >> (id % 8) & 1) != 0; }
void put(Bits& b, int id, bool on) {
    if (on)
        b[id / 8] = static_cast<unsigned char>(b[id / 8] | 1u << (id % 8));
    else
        b[id / 8] = static_cast<unsigned char>(b[id / 8] & ~(1u << (id % 8)));
}

// The exclusive lock on RUN/ids.lock, or an invalid Fd with `err` set.
sys::Fd lock_ids(const std::string& run, std::string& err) {
    const std::string path = run + "/ids.lock";
    sys::Fd lock(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock) {
        err = sys::errno_text(path, errno);
        return lock;
    }
    while (::flock(lock.get(), LOCK_EX) < 0)
        if (errno != EINTR) {
            err = sys::errno_text(path, errno);
            return sys::Fd();
        }
    return lock;
}

// The bitmap file, opened read-write; `bits` filled. false when it is
// missing or not kBytes long (then it is to be rebuilt), or on an error
// (`err` set).
bool load(const std::string& run, sys::Fd& fd, Bits& bits, std::string& err) {
    const std::string path = run + "/" + kBitmapFile;
    fd = sys::Fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        if (errno != ENOENT) err = sys::errno_text(path, errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) {
        err = sys::errno_text(path, errno);
        return false;
    }
    if (!S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) != kBytes) return false;
    const ssize_t n = ::pread(fd.get(), bits.data(), kBytes, 0);
    if (n < 0) {
        err = sys::errno_text(path, errno);
        return false;
    }
    return static_cast<std::size_t>(n) == kBytes;
}

// The truth: every RUN/*/zoneid. Written whole (temp + rename), reopened.
bool rebuild(const std::string& run, sys::Fd& fd, Bits& bits, std::string& err) {
    bits.fill(0);
    if (DIR* d = ::opendir(run.c_str())) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] != '.')
                if (const int id = read(run, e->d_name)) put(bits, id, true);
        ::closedir(d);
    }
    const std::string path = run + "/" + kBitmapFile;
    if (!sys::replace_file(path, std::string_view(reinterpret_cast<const char*>(bits.data()), kBytes), 0600)) {
        err = sys::errno_text(path, errno);
        return false;
    }
    fd = sys::Fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) {
        err = sys::errno_text(path, errno);
        return false;
    }
    return true;
}

// One bit on disk: the byte that holds it (a one-byte write is atomic).
bool store(const std::string& run, int fd, Bits& bits, int id, bool on, std::string& err) {
    put(bits, id, on);
    if (::pwrite(fd, &bits[id / 8], 1, id / 8) != 1) {
        err = sys::errno_text(run + "/" + kBitmapFile, errno);
        return false;
    }
    return true;
}

// The first clear bit of last+1, ..., 9999, 1, ..., last; 0 if none.
int next_free(const Bits& bits, int last) {
    for (int i = 0; i < kMax; ++i) {
        const int id = (last + i) % kMax + 1;
        if (!test(bits, id)) return id;
    }
    return 0;
}

}  // namespace

int parse(const std::string& text) {
    int v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || (p != end && *p != '\n') || v < kMin || v > kMax) return 0;
    return v;
}

int read(const std::string& run, const std::string& zone) {
    std::string t;
    return sys::read_file(run + "/" + zone + "/zoneid", t, 64) ? parse(t) : 0;
}

int allocate(const std::string& run, const std::string& zone, std::string& err) {
    sys::Fd lock = lock_ids(run, err);
    if (!lock) return 0;
    sys::Fd fd;
    Bits bits{};
    bool fresh = false;   // just rebuilt from the zoneid files
    if (!load(run, fd, bits, err)) {
        if (!err.empty() || !rebuild(run, fd, bits, err)) return 0;
        fresh = true;
    }
    std::string t;
    const int last = sys::read_file(run + "/ids.last", t, 64) ? parse(t) : 0;
    int id = next_free(bits, last);
    if (id == 0 && !fresh) {   // full, or full of stale bits: ask the truth once
        if (!rebuild(run, fd, bits, err)) return 0;
        id = next_free(bits, last);
    }
    if (id == 0) {
        err = "no free zone ID";
        return 0;
    }
    // The bit before the file that names the ID, the old ID's bit after
    // the file no longer names it: a crash in between leaves a stale bit,
    // never a held ID with its bit clear.
    const int old = read(run, zone);
    if (!store(run, fd.get(), bits, id, true, err)) return 0;
    const std::string file = run + "/" + zone + "/zoneid";
    if (!sys::replace_file(file, std::to_string(id) + "\n")) {
        err = sys::errno_text(file, errno);
        return 0;
    }
    if (old != 0 && old != id && !store(run, fd.get(), bits, old, false, err)) return 0;
    if (!sys::replace_file(run + "/ids.last", std::to_string(id) + "\n")) {
        err = sys::errno_text(run + "/ids.last", errno);
        return 0;
    }
    return id;
}

bool release(const std::string& run, const std::string& zone, std::string& err) {
    sys::Fd lock = lock_ids(run, err);
    if (!lock) return false;
    const int id = read(run, zone);
    const std::string file = run + "/" + zone + "/zoneid";
    if (::unlink(file.c_str()) < 0 && errno != ENOENT) {
        err = sys::errno_text(file, errno);
        return false;
    }
    if (id == 0) return true;
    sys::Fd fd;
    Bits bits{};
    if (!load(run, fd, bits, err)) return err.empty();   // no bitmap: the next allocate builds one
    return store(run, fd.get(), bits, id, false, err);
}

}  // namespace zones::zone_id
