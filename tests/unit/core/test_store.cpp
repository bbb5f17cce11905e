// The store: index and XML files, atomic and serialised writes, renames,
// damaged files, templates.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "scratch.hpp"
#include "zones/index_file.hpp"
#include "zones/store.hpp"
#include "zones/xml.hpp"

using namespace zones;
namespace fs = std::filesystem;

namespace {

ZoneConfig make(const std::string& name, const std::string& zonepath = "") {
    ZoneConfig c;
    c.name = name;
    c.zonepath = zonepath.empty() ? "/zones/" + name : zonepath;
    c.brand = "sparse";
    return c;
}

class StoreTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    Store store{dir.path()};

    fs::path zones() const { return store.zones_dir(); }
    std::string index_text() const { return test::slurp(zones() / "index"); }

    // Files of the store directory other than index and *.xml.
    std::vector<std::string> strays() const {
        std::vector<std::string> out;
        if (!fs::exists(zones())) return out;
        for (const auto& e : fs::directory_iterator(zones())) {
            std::string n = e.path().filename();
            if (n != "index" && e.path().extension() != ".xml") out.push_back(n);
        }
        return out;
    }

    template <typename F>
    void expect_error(F&& f, ErrorKind kind, const std::string& what) {
        try {
            f();
            ADD_FAILURE() << "no error, expected: " << what;
        } catch (const ZoneError& e) {
            EXPECT_EQ(e.kind(), kind) << e.what();
            EXPECT_EQ(std::string(e.what()), what);
        }
    }
};

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

// Runs f in a child process; returns its exit status.
template <typename F>
int in_child(F&& f) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int rc = 99;
        try {
            rc = f();
        } catch (...) {
            rc = 98;
        }
        ::_exit(rc);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_F(StoreTest, EmptyStore) {
    EXPECT_TRUE(store.list().empty());
    EXPECT_FALSE(store.entry("web"));
    expect_error([&] { store.load("web"); }, ErrorKind::NoSuchZone, "web: No such zone configured");
    EXPECT_EQ(store.zones_dir(), dir.path() / "etc/zones");
    EXPECT_EQ(store.run_dir(), dir.path() / "run/zones");
    EXPECT_EQ(store.root(), dir.path());
}

TEST_F(StoreTest, SaveNewZone) {
    ZoneConfig c = make("web");
    c.autoboot = true;
    store.save(c, "");
    EXPECT_EQ(store.load("web"), c);
    EXPECT_EQ(test::slurp(zones() / "web.xml"), to_xml(c));
    EXPECT_EQ(index_text(), std::string(kIndexHeader) + "global:installed:/\nweb:configured:/zones/web:\n");
    auto e = store.entry("web");
    ASSERT_TRUE(e);
    EXPECT_EQ(*e, (IndexEntry{"web", ZoneState::Configured, "/zones/web", ""}));
    EXPECT_EQ(mode_of(zones() / "web.xml"), 0644u);
    EXPECT_EQ(mode_of(zones() / "index"), 0644u);
    EXPECT_EQ(mode_of(store.run_dir()), 0700u);
    EXPECT_EQ(mode_of(store.run_dir() / "index.lock"), 0600u);
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, ListInIndexOrder) {
    for (const char* n : {"c", "a", "b"}) store.save(make(n), "");
    auto l = store.list();
    ASSERT_EQ(l.size(), 3u);
    EXPECT_EQ(l[0].name, "c");
    EXPECT_EQ(l[1].name, "a");
    EXPECT_EQ(l[2].name, "b");
    EXPECT_FALSE(store.entry("global"));
}

TEST_F(StoreTest, SaveExistingKeepsStateAndUuid) {
    store.save(make("web"), "");
    store.set_state("web", ZoneState::Installed, "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1");
    ZoneConfig c = make("web", "/srv/web");
    c.bootargs = "-v";
    store.save(c, "web");
    EXPECT_EQ(store.load("web"), c);
    EXPECT_EQ(*store.entry("web"),
              (IndexEntry{"web", ZoneState::Installed, "/srv/web", "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1"}));
}

TEST_F(StoreTest, NewZoneNameInUse) {
    store.save(make("web"), "");
    expect_error([&] { store.save(make("web", "/other"), ""); }, ErrorKind::Invalid,
                 "web: Zone name already in use");
    EXPECT_EQ(store.load("web").zonepath, "/zones/web");
}

TEST_F(StoreTest, UnknownOldName) {
    expect_error([&] { store.save(make("web"), "gone"); }, ErrorKind::NoSuchZone, "gone: No such zone configured");
    EXPECT_FALSE(fs::exists(zones() / "web.xml"));
}

TEST_F(StoreTest, Rename) {
    store.save(make("a"), "");
    store.save(make("web"), "");
    store.save(make("z"), "");
    store.set_state("web", ZoneState::Installed, "abcd");
    ZoneConfig c = store.load("web");
    c.name = "www";
    store.save(c, "web");
    EXPECT_FALSE(fs::exists(zones() / "web.xml"));
    EXPECT_EQ(store.load("www"), c);
    expect_error([&] { store.load("web"); }, ErrorKind::NoSuchZone, "web: No such zone configured");
    auto l = store.list();
    ASSERT_EQ(l.size(), 3u);
    EXPECT_EQ(l[1], (IndexEntry{"www", ZoneState::Installed, "/zones/web", "abcd"}));
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, RenameOntoExistingZone) {
    store.save(make("a"), "");
    store.save(make("b"), "");
    std::string before = index_text();
    ZoneConfig c = store.load("a");
    c.name = "b";
    expect_error([&] { store.save(c, "a"); }, ErrorKind::Invalid, "b: Zone name already in use");
    EXPECT_EQ(index_text(), before);
    EXPECT_EQ(store.load("a").name, "a");
    EXPECT_EQ(store.load("b").name, "b");
}

TEST_F(StoreTest, RenameOverOrphanFile) {
    store.save(make("a"), "");
    test::spit(zones() / "b.xml", "leftover, not a zone");
    ZoneConfig c = store.load("a");
    c.name = "b";
    store.save(c, "a");
    EXPECT_EQ(store.load("b"), c);
}

TEST_F(StoreTest, BadNamesNeverBecomeFileNames) {
    const std::string too_long(64, 'a');
    for (const std::string& n : {std::string("../x"), std::string(".."), std::string("a/b"), std::string("global"),
                                 std::string("SUNWdefault"), std::string(""), too_long}) {
        ZoneConfig c = make("ok");
        c.name = n;
        expect_error([&] { store.save(c, ""); }, ErrorKind::Invalid, n + ": Bogus zone name");
        if (!n.empty())
            expect_error([&] { store.save(make("ok"), n); }, ErrorKind::NoSuchZone,
                         n + ": No such zone configured");
        expect_error([&] { store.load(n); }, ErrorKind::NoSuchZone, n + ": No such zone configured");
        expect_error([&] { store.remove(n); }, ErrorKind::NoSuchZone, n + ": No such zone configured");
        expect_error([&] { store.set_state(n, ZoneState::Installed, ""); }, ErrorKind::NoSuchZone,
                     n + ": No such zone configured");
        EXPECT_FALSE(store.entry(n));
    }
    EXPECT_FALSE(fs::exists(dir.path() / "etc/x.xml"));
    EXPECT_FALSE(fs::exists(zones() / "ok.xml"));
}

TEST_F(StoreTest, Remove) {
    store.save(make("a"), "");
    store.save(make("b"), "");
    store.remove("a");
    EXPECT_FALSE(fs::exists(zones() / "a.xml"));
    ASSERT_EQ(store.list().size(), 1u);
    EXPECT_EQ(store.list()[0].name, "b");
    expect_error([&] { store.remove("a"); }, ErrorKind::NoSuchZone, "a: No such zone configured");
    // An XML file without an index line (left by a crash) can be removed.
    test::spit(zones() / "orphan.xml", "x");
    store.remove("orphan");
    EXPECT_FALSE(fs::exists(zones() / "orphan.xml"));
    // An index line without its XML file too.
    fs::remove(zones() / "b.xml");
    store.remove("b");
    EXPECT_TRUE(store.list().empty());
}

TEST_F(StoreTest, DamagedXml) {
    store.save(make("web"), "");
    const fs::path xml = zones() / "web.xml";
    test::spit(xml, "<zone name=\"web\" zonepath=");
    try {
        store.load("web");
        FAIL();
    } catch (const ZoneError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Damaged);
        EXPECT_EQ(std::string(e.what()).rfind(xml.string() + ": invalid zone XML: ", 0), 0u) << e.what();
    }
    expect_error([&] { store.save(make("web", "/new"), "web"); }, ErrorKind::Damaged,
                 xml.string() + ": damaged zone configuration; delete it with zonecfg -z web delete -F first");
    ZoneConfig renamed = make("www");
    expect_error([&] { store.save(renamed, "web"); }, ErrorKind::Damaged,
                 xml.string() + ": damaged zone configuration; delete it with zonecfg -z web delete -F first");
    EXPECT_EQ(test::slurp(xml), "<zone name=\"web\" zonepath=");
    EXPECT_FALSE(fs::exists(zones() / "www.xml"));
    store.remove("web");
    EXPECT_FALSE(fs::exists(xml));
    EXPECT_TRUE(store.list().empty());
}

TEST_F(StoreTest, XmlOfAnotherZone) {
    store.save(make("a"), "");
    store.save(make("b"), "");
    fs::copy_file(zones() / "a.xml", zones() / "b.xml", fs::copy_options::overwrite_existing);
    expect_error([&] { store.load("b"); }, ErrorKind::Damaged,
                 (zones() / "b.xml").string() + ": invalid zone XML: zone name 'a' does not match the file name");
    EXPECT_THROW(store.save(make("b"), "b"), ZoneError);
}

TEST_F(StoreTest, MissingXmlIsDamagedAndSaveRepairs) {
    store.save(make("web"), "");
    fs::remove(zones() / "web.xml");
    expect_error([&] { store.load("web"); }, ErrorKind::Damaged,
                 (zones() / "web.xml").string() +
                     ": missing zone configuration; delete it with zonecfg -z web delete -F");
    store.save(make("web"), "web");
    EXPECT_EQ(store.load("web"), make("web"));
}

TEST_F(StoreTest, DamagedIndex) {
    store.save(make("web"), "");
    std::string good = index_text();
    test::spit(zones() / "index", good + "broken line\n");
    const std::string want = (zones() / "index").string() + ": line 7: missing ':' separator";
    expect_error([&] { store.list(); }, ErrorKind::Damaged, want);
    expect_error([&] { store.load("web"); }, ErrorKind::Damaged, want);
    expect_error([&] { store.save(make("x"), ""); }, ErrorKind::Damaged, want);
    expect_error([&] { store.set_state("web", ZoneState::Installed, ""); }, ErrorKind::Damaged, want);
    EXPECT_FALSE(fs::exists(zones() / "x.xml"));
}

// The parsed index is reused only while the file reads the same: a change
// behind zonesd's back that keeps the size (and may keep inode and mtime)
// is seen at once, and a copy of the Store shares what it parsed.
TEST_F(StoreTest, ListSeesEverySameSizeChangeOfTheIndex) {
    store.save(make("web"), "");
    store.save(make("db"), "");
    ASSERT_EQ(store.list().size(), 2u);
    std::string text = index_text();
    const auto at = text.find("web:configured");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 14, "web:incomplete");   // same length
    test::spit(zones() / "index", text);
    EXPECT_EQ(store.entry("web")->state, ZoneState::Incomplete);
    Store copy = store;
    EXPECT_EQ(copy.list(), store.list());
    test::spit(zones() / "index", text + "broken line\n");
    expect_error([&] { copy.list(); }, ErrorKind::Damaged,
                 (zones() / "index").string() + ": line 8: missing ':' separator");
    test::spit(zones() / "index", text);
    EXPECT_EQ(store.list().size(), 2u);
}

TEST_F(StoreTest, SetState) {
    store.save(make("web"), "");
    store.set_state("web", ZoneState::Incomplete, "0a-1b");
    EXPECT_EQ(*store.entry("web"), (IndexEntry{"web", ZoneState::Incomplete, "/zones/web", "0a-1b"}));
    store.set_state("web", ZoneState::Configured, "");
    EXPECT_EQ(*store.entry("web"), (IndexEntry{"web", ZoneState::Configured, "/zones/web", ""}));
    expect_error([&] { store.set_state("web", ZoneState::Running, ""); }, ErrorKind::Invalid,
                 "web: state running cannot be stored");
    expect_error([&] { store.set_state("nope", ZoneState::Installed, ""); }, ErrorKind::NoSuchZone,
                 "nope: No such zone configured");
    expect_error([&] { store.set_state("web", ZoneState::Installed, "not:a uuid"); }, ErrorKind::Invalid,
                 "web: invalid uuid 'not:a uuid'");
    EXPECT_EQ(store.entry("web")->state, ZoneState::Configured);
}

TEST_F(StoreTest, IndexKeepsForeignComments) {
    test::spit(zones() / "index", "# hand-written\nglobal:installed:/\n# trailing\n");
    store.save(make("web"), "");
    EXPECT_EQ(index_text(), "# hand-written\nglobal:installed:/\n# trailing\nweb:configured:/zones/web:\n");
}

TEST_F(StoreTest, ZonepathWithColonIsQuoted) {
    store.save(make("web", "/zones/a:b"), "");
    EXPECT_NE(index_text().find("web:configured:\"/zones/a:b\":\n"), std::string::npos);
    EXPECT_EQ(store.entry("web")->zonepath, "/zones/a:b");
}

TEST_F(StoreTest, RefusesWhatCannotBeStored) {
    expect_error([&] { store.save(make("web", "/zones/a\"b"), ""); }, ErrorKind::Invalid,
                 "web: zonepath cannot contain a double quote or a newline");
    ZoneConfig c = make("web");
    c.bootargs = std::string("a\0b", 3);
    expect_error([&] { store.save(c, ""); }, ErrorKind::Invalid, "web: configuration cannot be stored as XML");
    EXPECT_FALSE(fs::exists(zones() / "web.xml"));
    EXPECT_TRUE(store.list().empty());
}

TEST_F(StoreTest, NcpusRangeOfOneIsStoredAsN) {
    ZoneConfig c = make("web");
    c.dedicated_cpu = DedicatedCpu{"2-2", ""};
    store.save(c, "");
    EXPECT_EQ(store.load("web").dedicated_cpu->ncpus, "2");
}

TEST_F(StoreTest, StaleTempFilesRemoved) {
    store.save(make("web"), "");
    test::spit(zones() / ".zones-tmp.web.xml.AbCdEf", "half");
    test::spit(zones() / ".zones-tmp.index.123456", "half");
    test::spit(zones() / "README", "not ours");
    store.save(make("web"), "web");
    EXPECT_EQ(strays(), std::vector<std::string>{"README"});
}

// The idmap lives beside the index but is written under its own lock (by
// a zoneadmd readying a zone while zonesd installs another): its
// temporary may be in use, and removing it made that write fail.
TEST_F(StoreTest, OthersTempFilesKept) {
    store.save(make("web"), "");
    test::spit(zones() / ".zones-tmp.idmap.q1W2e3", "in flight");
    test::spit(zones() / ".zones-tmp.index.123456", "half");
    store.save(make("web"), "web");
    EXPECT_EQ(strays(), std::vector<std::string>{".zones-tmp.idmap.q1W2e3"});
}

TEST_F(StoreTest, FailedWriteKeepsOldFile) {
    ZoneConfig old = make("web");
    store.save(old, "");
    const std::string old_index = index_text();
    ZoneConfig big = make("web");
    for (int i = 0; i < 200; ++i) big.attrs.push_back({"a" + std::to_string(i), "string", std::string(50, 'x')});
    // The file size limit makes the write fail half-way (EFBIG), as a full disk would.
    int rc = in_child([&] {
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit lim{2048, 2048};
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            store.save(big, "web");
        } catch (const ZoneError& e) {
            return e.kind() == ErrorKind::Internal && std::string(e.what()).find("File too large") != std::string::npos
                       ? 0
                       : 2;
        }
        return 1;
    });
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(store.load("web"), old);
    EXPECT_EQ(index_text(), old_index);
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, ConcurrentThreads) {
    store.save(make("web"), "");
    constexpr int kThreads = 8, kRounds = 5;
    std::vector<ZoneConfig> versions;
    for (int t = 0; t < kThreads; ++t) versions.push_back(make("web", "/zones/t" + std::to_string(t)));
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            try {
                for (int r = 0; r < kRounds; ++r) {
                    store.save(versions[t], "web");
                    (void)store.list();
                }
            } catch (...) {
                ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures, 0);
    ZoneConfig got = store.load("web");
    EXPECT_NE(std::find(versions.begin(), versions.end(), got), versions.end());
    // The index line was written by the same save as the XML.
    EXPECT_EQ(store.entry("web")->zonepath, got.zonepath);
    EXPECT_EQ(store.list().size(), 1u);
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, ConcurrentThreadsDifferentZones) {
    constexpr int kThreads = 8;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] { store.save(make("z" + std::to_string(t)), ""); });
    for (auto& th : threads) th.join();
    EXPECT_EQ(store.list().size(), 8u);
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(store.load("z" + std::to_string(t)), make("z" + std::to_string(t)));
}

TEST_F(StoreTest, ConcurrentProcesses) {
    store.save(make("web"), "");
    store.save(make("other"), "");
    constexpr int kProcs = 4, kRounds = 5;
    std::vector<ZoneConfig> versions;
    for (int p = 0; p < kProcs; ++p) versions.push_back(make("web", "/zones/p" + std::to_string(p)));
    std::vector<pid_t> pids;
    for (int p = 0; p < kProcs; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int rc = 0;
            try {
                Store s(dir.path());
                for (int r = 0; r < kRounds; ++r) {
                    s.save(versions[p], "web");
                    // Interleave index-only updates of another zone.
                    s.set_state("other", r % 2 ? ZoneState::Installed : ZoneState::Incomplete, "");
                }
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ZoneConfig got = store.load("web");
    EXPECT_NE(std::find(versions.begin(), versions.end(), got), versions.end());
    EXPECT_EQ(store.entry("web")->zonepath, got.zonepath);
    ASSERT_EQ(store.list().size(), 2u);
    EXPECT_EQ(store.load("other"), make("other"));
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, KilledWriterLeavesOldOrNew) {
    ZoneConfig v0 = make("web");
    store.save(v0, "");
    std::vector<ZoneConfig> versions{v0};
    for (int i = 1; i <= 2; ++i) {
        ZoneConfig v = make("web");
        v.bootargs = "v" + std::to_string(i);
        for (int a = 0; a < 50 * i; ++a) v.attrs.push_back({"a" + std::to_string(a), "int", std::to_string(a)});
        versions.push_back(v);
    }
    for (int round = 0; round < 5; ++round) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            try {
                Store s(dir.path());
                for (int i = 0;; ++i) s.save(versions[1 + i % 2], "web");
            } catch (...) {
            }
            ::_exit(1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(3 + round * 2));
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        ZoneConfig got = store.load("web");
        EXPECT_NE(std::find(versions.begin(), versions.end(), got), versions.end());
        EXPECT_EQ(store.list().size(), 1u);
    }
    // The next writer clears what the killed one left.
    store.save(v0, "web");
    EXPECT_TRUE(strays().empty());
}

TEST_F(StoreTest, TemplatesBuiltIn) {
    EXPECT_EQ(store.load_template("SUNWdefault"), default_template());
    EXPECT_EQ(store.load_template("SUNWblank"), blank_template());
    EXPECT_FALSE(store.load_template("nothing"));
    EXPECT_FALSE(store.load_template("global"));
    EXPECT_FALSE(store.load_template("../etc/passwd"));
    EXPECT_FALSE(store.load_template(""));
}

TEST_F(StoreTest, TemplateFilesOverride) {
    ZoneConfig t = make("default", "");
    t.zonepath = "";
    t.brand = "whole";
    t.ip_type = "exclusive";
    test::spit(zones() / "SUNWdefault.xml", to_xml(t));
    EXPECT_EQ(store.load_template("SUNWdefault"), t);
    ZoneConfig p = make("pkgsrc");
    test::spit(zones() / "OMNIpkgsrc.xml", to_xml(p));
    EXPECT_EQ(store.load_template("OMNIpkgsrc"), p);
    test::spit(zones() / "SUNWblank.xml", "garbage");
    EXPECT_THROW(store.load_template("SUNWblank"), ZoneError);
}

TEST_F(StoreTest, TemplateFromZone) {
    ZoneConfig c = make("web");
    c.autoboot = true;
    store.save(c, "");
    EXPECT_EQ(store.load_template("web"), c);
}

TEST(Templates, Default) {
    ZoneConfig d = default_template();
    EXPECT_EQ(d.name, "default");
    EXPECT_EQ(d.zonepath, "");
    EXPECT_EQ(d.brand, "sparse");
    EXPECT_EQ(d.ip_type, "shared");
    EXPECT_FALSE(d.autoboot);
    ASSERT_FALSE(d.ipds.empty());
    EXPECT_EQ(d.ipds[0].dir, "/usr");
    for (const auto& ipd : d.ipds) {
        EXPECT_TRUE(fs::is_directory(fs::symlink_status(ipd.dir))) << ipd.dir;
    }
    for (const char* p : {"/bin", "/lib", "/sbin", "/lib64"}) {
        bool listed = std::find(d.ipds.begin(), d.ipds.end(), InheritPkgDir{p}) != d.ipds.end();
        EXPECT_EQ(listed, fs::is_directory(fs::symlink_status(p))) << p;
    }
    EXPECT_TRUE(d.rctls.empty() && d.fs.empty() && d.nets.empty());
}

TEST(Templates, Blank) {
    ZoneConfig b = blank_template();
    EXPECT_EQ(b.name, "blank");
    EXPECT_EQ(b.brand, "whole");
    EXPECT_EQ(b.ip_type, "shared");
    EXPECT_TRUE(b.ipds.empty());
    EXPECT_FALSE(b.autoboot);
}
