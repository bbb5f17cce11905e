// set, clear and info of global properties and rctl aliases.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace zones::zonecfg::test {
namespace {

// A committed zone "web", then a fresh interactive session on it.
struct GlobalProps : ::testing::Test {
    void SetUp() override {
        ASSERT_EQ(h.run("create -b; set zonepath=/zones/web\n"), 0);
        h.open("web", Mode::Interactive);
    }
    std::string err(const std::string& cmds) {
        h.feed(cmds);
        return h.take_err();
    }
    const ZoneConfig& cfg() { return *h.session->config(); }
    Harness h;
};

TEST_F(GlobalProps, SimpleProperties) {
    EXPECT_EQ(err("set autoboot=true; set bootargs=\"-m verbose\"; set pool=p1; "
                  "set limitpriv=default,sys_time; set scheduling-class=FSS; "
                  "set ip-type=exclusive; set hostid=0x1234; set fs-allowed=ufs,pcfs; "
                  "set brand=sparse\n"),
              "");
    EXPECT_TRUE(cfg().autoboot);
    EXPECT_EQ(cfg().bootargs, "-m verbose");
    EXPECT_EQ(cfg().pool, "p1");
    EXPECT_EQ(cfg().limitpriv, "default,sys_time");
    EXPECT_EQ(cfg().scheduling_class, "FSS");
    EXPECT_EQ(cfg().ip_type, "exclusive");
    EXPECT_EQ(cfg().hostid, "0x1234");
    EXPECT_EQ(cfg().fs_allowed, "ufs,pcfs");
    EXPECT_EQ(cfg().brand, "sparse");
    EXPECT_TRUE(h.session->dirty());
}

TEST_F(GlobalProps, ValueMessages) {
    EXPECT_EQ(err("set autoboot=yes\n"), "autoboot value must be 'true' or 'false'.\n");
    EXPECT_EQ(err("set ip-type=both\n"), "ip-type value must be 'shared' or 'exclusive'.\n");
    EXPECT_EQ(err("set zonepath=zones/web\n"), "zones/web is not an absolute path.\n");
    EXPECT_EQ(err("set zonepath=//\n"), "/ is not allowed as a zonepath.\n");
    EXPECT_EQ(err("set pool=SUNWtmp\n"), "pool names starting with SUNW are reserved.\n");
    EXPECT_EQ(err("set dir=/x\n"), "Cannot set a resource-specific property from the global scope.\n");
    EXPECT_EQ(err("set bootargs=[a,b]\n"), "A simple value was expected here.\n");
    EXPECT_EQ(err("set -F zonepath=/y\n"), "Zonepath is changeable only in an alternate root.\n");
    EXPECT_EQ(err("set -x zonepath=/y\n"), "usage:\nset <property-name>=<property-value>\n");
    EXPECT_EQ(cfg().zonepath, "/zones/web");
}

TEST_F(GlobalProps, InstalledZoneKeepsPathAndBrand) {
    h.backend.states["web"] = ZoneState::Installed;
    EXPECT_EQ(err("set zonepath=/elsewhere\n"),
              "Zone web already installed; set zonepath not allowed.\n");
    EXPECT_EQ(err("set brand=sparse\n"), "Zone web already installed; set brand not allowed.\n");
}

TEST_F(GlobalProps, Aliases) {
    EXPECT_EQ(err("set max-lwps=2000; set cpu-shares=5; set max-shm-memory=1G; "
                  "set max-processes=100; set max-shm-ids=1; set max-msg-ids=2; set max-sem-ids=3\n"),
              "");
    const Rctl* lwps = cfg().find_rctl("zone.max-lwps");
    ASSERT_NE(lwps, nullptr);
    EXPECT_EQ(lwps->values, (std::vector<RctlValue>{{"privileged", "2000", "deny"}}));
    EXPECT_EQ(cfg().find_rctl("zone.cpu-shares")->values.front().action, "none");
    EXPECT_EQ(cfg().find_rctl("zone.max-shm-memory")->values.front().limit, "1073741824");
    h.feed("info max-lwps; info max-shm-memory; info cpu-shares\n");
    EXPECT_EQ(h.take_out(), "[max-lwps: 2000]\n[max-shm-memory: 1G]\n[cpu-shares: 5]\n");
    // Setting again replaces the single value.
    EXPECT_EQ(err("set max-lwps=3000\n"), "");
    EXPECT_EQ(cfg().find_rctl("zone.max-lwps")->values.size(), 1u);
}

TEST_F(GlobalProps, AliasMessages) {
    EXPECT_EQ(err("set max-lwps=99\n"), "max-lwps property is out of range.\n");
    EXPECT_EQ(err("set max-processes=abc\n"), "max-processes property is out of range.\n");
    EXPECT_EQ(err("set max-shm-memory=100\n"),
              "A non-negative number with a required scale suffix (K, M, G or T) was expected\n"
              "here.\n");
    EXPECT_EQ(err("add rctl; set name=zone.max-lwps; "
                  "add value (priv=privileged,limit=500,action=deny); "
                  "add value (priv=privileged,limit=600,action=deny); end\n"),
              "");
    EXPECT_EQ(err("set max-lwps=700\n"),
              "max-lwps: An incompatible rctl already exists for this property\n");
    EXPECT_EQ(err("clear max-lwps\n"),
              "clear max-lwps: An incompatible rctl already exists for this property\n");
    h.feed("info max-lwps\n");
    EXPECT_EQ(h.take_out(), "");
    EXPECT_EQ(err("clear max-sem-ids\n"), "clear max-sem-ids: No such entry\n");
}

TEST_F(GlobalProps, Clear) {
    h.feed("set autoboot=true; set ip-type=exclusive; set pool=p; set bootargs=x; "
           "set limitpriv=l; set scheduling-class=FSS; set hostid=1; set fs-allowed=ufs; "
           "set max-lwps=200\n");
    EXPECT_EQ(err("clear autoboot; clear ip-type; clear pool; clear bootargs; clear limitpriv; "
                  "clear scheduling-class; clear hostid; clear fs-allowed; clear max-lwps\n"),
              "");
    ZoneConfig blank = h.backend.templates["SUNWblank"];
    blank.name = "web";
    blank.zonepath = "/zones/web";
    EXPECT_EQ(cfg(), blank);
    EXPECT_EQ(err("clear zonepath\n"), "zonepath: Clearing this property is not allowed\n");
    EXPECT_EQ(err("clear brand\n"), "brand: Clearing this property is not allowed\n");
    EXPECT_EQ(err("clear dir\n").rfind("dir: No such property type\nusage:\nclear <property-name>\n"
                                       "\tClears property values.\nFor resource type",
                                       0),
              0u);
}

TEST_F(GlobalProps, InfoProperty) {
    h.feed("info zonepath; info zonename; info autoboot; info ip-type; info bootargs\n");
    EXPECT_EQ(h.take_out(), "zonepath: /zones/web\nzonename: web\nautoboot: false\n"
                            "ip-type: shared\nbootargs: \n");
    h.feed("info max-lwps\n");
    EXPECT_EQ(h.take_out(), "");
}

}  // namespace
}  // namespace zones::zonecfg::test
