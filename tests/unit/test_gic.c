/* SPDX-License-Identifier: MIT */
/* Unit tests for peripherals/gic.c (GICv3, IHI 0069): Distributor and Redistributor registers
 * with their Secure and Non-secure views, level and edge inputs, the IRQ/FIQ signalling rules
 * by group, EL and Security state, priority masking and preemption, IAR/EOIR/DIR in both EOI
 * modes, SGIs, IROUTER routing, the CPU interface traps, and the virtual interface: list
 * registers, ICV_* through the ICC_* names, HW deactivation and the maintenance interrupt. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cpu/irq.h"
#include "cpu/regbits.h"
#include "mmu/phys.h"
#include "peripherals/gic.h"
#include "tests/unit/harness.h"

/* Distributor and Redistributor offsets. */
#define GICD(off) (VIRT_GIC_DIST + (off))
#define GICR(cpu, off) (VIRT_GIC_REDIST + 0x20000ull * (cpu) + (off))
#define SGIR(cpu, off) GICR(cpu, 0x10000 + (off))
enum {
    CTLR = 0x0000, TYPER = 0x0004, IIDR = 0x0008, IGROUPR = 0x0080, ISENABLER = 0x0100,
    ICENABLER = 0x0180, ISPENDR = 0x0200, ICPENDR = 0x0280, ISACTIVER = 0x0300,
    ICACTIVER = 0x0380, IPRIORITYR = 0x0400, ITARGETSR = 0x0800, ICFGR = 0x0C00,
    IGRPMODR = 0x0D00, IROUTER = 0x6000, PIDR2 = 0xFFE8,
    GICR_TYPER = 0x0008, GICR_WAKER = 0x0014,
};

/* Instructions (checked against binutils). */
#define MRS_X0_ICC_IAR1_EL1 0xd538cc00   /* mrs x0, icc_iar1_el1 */
#define MSR_ICC_EOIR1_EL1_X1 0xd518cc21  /* msr icc_eoir1_el1, x1 */
#define MRS_X0_ICC_IAR0_EL1 0xd538c800   /* mrs x0, icc_iar0_el1 */
#define MSR_ICC_EOIR0_EL1_X1 0xd518c821  /* msr icc_eoir0_el1, x1 */
#define MRS_X0_ICC_SRE_EL1 0xd538cca0    /* mrs x0, icc_sre_el1 */
#define MRS_X0_ICC_SRE_EL2 0xd53cc9a0    /* mrs x0, icc_sre_el2 */
#define MRS_X0_ICC_PMR_EL1 0xd5384600    /* mrs x0, icc_pmr_el1 */
#define MSR_ICC_DIR_EL1_X1 0xd518cb21    /* msr icc_dir_el1, x1 */
#define MSR_ICC_SGI1R_EL1_X1 0xd518cba1  /* msr icc_sgi1r_el1, x1 */
#define MRS_X0_ICC_RPR_EL1 0xd538cb60    /* mrs x0, icc_rpr_el1 */
#define MRS_X0_ICC_CTLR_EL1 0xd538cc80   /* mrs x0, icc_ctlr_el1 */
#define MRS_X0_ICC_HPPIR1_EL1 0xd538cc40 /* mrs x0, icc_hppir1_el1 */
#define MRS_X0_ICC_AP0R1_EL1 0xd538c8a0  /* mrs x0, icc_ap0r1_el1 */
#define MRS_X0_ICH_VTR_EL2 0xd53ccb20    /* mrs x0, ich_vtr_el2 */
#define MSR_ICH_LR15_EL2_X1 0xd51ccde1   /* msr ich_lr15_el2, x1 */
#define MRS_X0_ICH_LR15_EL2 0xd53ccde0   /* mrs x0, ich_lr15_el2 */

/* ICH_* fields */
#define ICH_EN (1ull << 0)
#define ICH_UIE (1ull << 1)
#define ICH_LRENPIE (1ull << 2)
#define ICH_NPIE (1ull << 3)
#define ICH_TC (1ull << 10)
#define ICH_TALL0 (1ull << 11)
#define ICH_TALL1 (1ull << 12)
#define ICH_TDIR (1ull << 14)
#define VMCR_VENG0 (1ull << 0)
#define VMCR_VENG1 (1ull << 1)
#define VMCR_VCBPR (1ull << 4)
#define VMCR_VEOIM (1ull << 9)
#define VPMR(p) ((uint64_t)(p) << 24)
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE (1ull << 63)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_EOI (1ull << 41)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_PINTID(n) ((uint64_t)(n) << 32)
#define MISR_EOI 0x1
#define MISR_U 0x2
#define MISR_LRENP 0x4
#define MISR_NP 0x8

enum { T_G0, T_G1S, T_G1NS };

static Machine *gm;       /* the harness machine, kept across h_teardown */
static bool gic_is_ours;  /* created here (machine_init does not create one yet) */

static void setup(void)
{
    h_setup();
    gm = hm;
    gic_is_ours = hm->intc == NULL;
    if (gic_is_ours)
        ck_assert_ptr_nonnull(gic_create(hm));
    hc->ps.daif = 0x3C0; /* the tests look at lines; the core must not take them */
}

static void teardown(void)
{
    Machine *m = gm;
    h_teardown();
    if (gic_is_ours && m->intc)
        gic_free(m->intc);
}

/* ---- access helpers ---- */

static uint64_t mmio_rd(Machine *m, uint64_t pa, unsigned size, bool ns)
{
    uint64_t v = 0;
    ck_assert_int_eq(phys_read_ns(&m->phys, pa, size, ns, &v), 0);
    return v;
}

static void mmio_wr(Machine *m, uint64_t pa, unsigned size, uint64_t v, bool ns)
{
    ck_assert_int_eq(phys_write_ns(&m->phys, pa, size, ns, v), 0);
}

static uint32_t rd32(uint64_t pa) { return (uint32_t)mmio_rd(hm, pa, 4, false); }
static uint32_t rd32_ns(uint64_t pa) { return (uint32_t)mmio_rd(hm, pa, 4, true); }
static void wr32(uint64_t pa, uint32_t v) { mmio_wr(hm, pa, 4, v, false); }
static void wr32_ns(uint64_t pa, uint32_t v) { mmio_wr(hm, pa, 4, v, true); }

/* Put a core at `el` in the Non-secure (SCR_EL3.NS = 1) or Secure state, interrupts masked. */
static void core_at(CPU *c, unsigned el, bool ns)
{
    c->sr[SR_SCR_EL3] = ns ? 0x501 : 0x500;
    cpu_set_el_sp(c, el, el ? 1 : 0);
    c->ps.daif = 0x3C0;
}
static void at(unsigned el, bool ns) { core_at(hc, el, ns); }

static unsigned lines_of(Machine *m, CPU *c) { return m->intc_cpu_lines(m->intc, c); }
static unsigned lines(void) { return lines_of(hm, hc); }

/* A system register through its hooks at a given state (no access checks). */
static uint64_t sr_at(CPU *c, unsigned el, bool ns, int id)
{
    core_at(c, el, ns);
    return sysreg_read(c, id);
}
static void sw_at(CPU *c, unsigned el, bool ns, int id, uint64_t v)
{
    core_at(c, el, ns);
    sysreg_write(c, id, v);
}

/* Secure firmware's part: every group enabled in the Distributor, the Redistributors awake,
 * each CPU interface with both Group 1 copies and Group 0 enabled and the mask open. */
static void gic_on(Machine *m)
{
    mmio_wr(m, GICD(CTLR), 4, 0x7, false);
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        mmio_wr(m, GICR(i, GICR_WAKER), 4, 0, false);
        sw_at(c, 3, true, SR_ICC_IGRPEN1_EL3, 3);
        sw_at(c, 3, true, SR_ICC_IGRPEN0_EL1, 1);
        sw_at(c, 3, true, SR_ICC_PMR_EL1, 0xFF);
    }
}

/* Group and priority of any interrupt through Secure accesses; enabled. */
static void irq_config(Machine *m, int cpu, unsigned intid, unsigned grp, uint8_t prio, bool edge)
{
    uint64_t base = intid < 32 ? SGIR(cpu, 0) : GICD(0);
    uint64_t word = 4 * (intid / 32), bit = 1u << (intid % 32);
    uint32_t g = (uint32_t)mmio_rd(m, base + IGROUPR + word, 4, false);
    uint32_t mod = (uint32_t)mmio_rd(m, base + IGRPMODR + word, 4, false);
    mmio_wr(m, base + IGROUPR + word, 4, grp == T_G1NS ? (g | bit) : (g & ~bit), false);
    mmio_wr(m, base + IGRPMODR + word, 4, grp == T_G1S ? (mod | bit) : (mod & ~bit), false);
    mmio_wr(m, base + IPRIORITYR + intid, 1, prio, false);
    if (intid >= 16) {
        uint64_t cfg = base + ICFGR + 4 * (intid / 16);
        uint32_t v = (uint32_t)mmio_rd(m, cfg, 4, false), eb = 2u << (2 * (intid % 16));
        mmio_wr(m, cfg, 4, edge ? (v | eb) : (v & ~eb), false);
    }
    mmio_wr(m, base + ISENABLER + word, 4, bit, false);
}
static void config(unsigned intid, unsigned grp, uint8_t prio) { irq_config(hm, 0, intid, grp, prio, false); }

/* An SPI or PPI made pending through ISPENDR (Secure access). */
static void set_pending(unsigned intid)
{
    uint64_t base = intid < 32 ? SGIR(0, 0) : GICD(0);
    wr32(base + ISPENDR + 4 * (intid / 32), 1u << (intid % 32));
}
static bool is_bit(uint64_t reg_base, unsigned intid)
{
    return (rd32(reg_base + 4 * (intid / 32)) >> (intid % 32)) & 1;
}
static bool pending(unsigned intid) { return is_bit((intid < 32 ? SGIR(0, 0) : GICD(0)) + ISPENDR, intid); }
static bool active(unsigned intid) { return is_bit((intid < 32 ? SGIR(0, 0) : GICD(0)) + ISACTIVER, intid); }

/* ISS of EC 0x18. */
static uint32_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1u : 0u);
}

/* Run one instruction at `el` (Non-secure unless `ns` is false) expecting it to complete. */
static void run_ok(unsigned el, bool ns, uint32_t insn)
{
    at(el, ns);
    RUN(insn);
    ck_assert_uint_eq(hc->ps.el, el);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}

static void run_trap(unsigned el, bool ns, uint32_t insn, unsigned target, uint32_t iss)
{
    at(el, ns);
    RUN(insn);
    h_expect_exc(target, target > el ? V_LOWER : V_CUR_SPX, EC_SYSREG, iss, H_CODE);
}

/* ========================= Distributor, Redistributor ===================== */

START_TEST(test_identification)
{
    ASSERT_HEX(rd32(GICD(PIDR2)) >> 4 & 0xF, 3);          /* ArchRev: GICv3 */
    ASSERT_HEX(rd32(GICR(0, PIDR2)) >> 4 & 0xF, 3);
    uint32_t typer = rd32(GICD(TYPER));
    ASSERT_HEX(typer & 0x1F, 8);                           /* ITLinesNumber: INTIDs up to 287 */
    ASSERT_HEX(typer >> 10 & 1, 1);                        /* SecurityExtn */
    ASSERT_HEX(typer >> 17 & 1, 0);                        /* no LPIs */
    ASSERT_HEX(typer >> 19 & 0x1F, 9);                     /* IDbits: 10 bits */
    ASSERT_HEX(typer >> 25 & 1, 0);                        /* No1N = 0: IRM routing exists */
    ASSERT_HEX(rd32(GICD(IIDR)), 0x43B);
    ASSERT_HEX(rd32(GICD(CTLR)), 0x30);                    /* ARE_S, ARE_NS */
    ASSERT_HEX(rd32_ns(GICD(CTLR)), 0x10);                 /* ARE_NS in the Non-secure view */
    ASSERT_HEX(mmio_rd(hm, GICR(0, GICR_TYPER), 8, false), 0x10); /* Last; affinity 0.0.0.0 */
    ASSERT_HEX(rd32(GICR(0, GICR_TYPER)), 0x10);
    ASSERT_HEX(rd32(GICR(0, GICR_TYPER + 4)), 0);
    ASSERT_HEX(rd32(GICR(0, IIDR - 4)), 0x43B);            /* GICR_IIDR at 0x4 */
}
END_TEST

START_TEST(test_reserved_and_access_sizes)
{
    wr32(GICD(ITARGETSR + 32), 0x01010101);                /* GICv2 routing: RAZ/WI */
    ASSERT_HEX(rd32(GICD(ITARGETSR + 32)), 0);
    wr32(GICD(IGROUPR), ~0u);                              /* SGIs/PPIs are in the Redistributor */
    ASSERT_HEX(rd32(GICD(IGROUPR)), 0);
    ASSERT_HEX(mmio_rd(hm, GICD(CTLR), 2, false), 0);      /* 16-bit: RAZ/WI, no abort */
    mmio_wr(hm, GICD(ISENABLER + 4), 8, ~0ull, false);     /* 64-bit to a 32-bit register */
    ASSERT_HEX(rd32(GICD(ISENABLER + 4)), 0);
    ASSERT_HEX(rd32(GICD(0x0040)), 0);                     /* SETSPI_NSR: no message-based SPIs */
    /* IROUTER: 64-bit or by halves; Aff3 is RES0 (A3V = 0). */
    mmio_wr(hm, GICD(IROUTER + 8 * 40), 8, ~0ull, false);
    ASSERT_HEX(mmio_rd(hm, GICD(IROUTER + 8 * 40), 8, false), 0x80FFFFFF);
    ASSERT_HEX(rd32(GICD(IROUTER + 8 * 40)), 0x80FFFFFF);
    ASSERT_HEX(rd32(GICD(IROUTER + 8 * 40 + 4)), 0);
    wr32(GICD(IROUTER + 8 * 40), 0x00000001);
    ASSERT_HEX(mmio_rd(hm, GICD(IROUTER + 8 * 40), 8, false), 1);
    mmio_wr(hm, GICD(IROUTER + 8 * 20), 8, 0x80000000, false); /* no IROUTER for a PPI */
    ASSERT_HEX(mmio_rd(hm, GICD(IROUTER + 8 * 20), 8, false), 0);
    /* One Redistributor: the frame after it is unassigned. */
    uint64_t v;
    ck_assert_int_eq(phys_read(&hm->phys, GICR(1, 0), 4, &v), -1);
}
END_TEST

START_TEST(test_waker)
{
    ASSERT_HEX(rd32(GICR(0, GICR_WAKER)), 0x6);            /* ProcessorSleep, ChildrenAsleep */
    ASSERT_HEX(rd32_ns(GICR(0, GICR_WAKER)), 0);           /* Secure only: RAZ/WI to NS */
    wr32_ns(GICR(0, GICR_WAKER), 0);
    ASSERT_HEX(rd32(GICR(0, GICR_WAKER)), 0x6);
    wr32(GICR(0, GICR_WAKER), 0);
    ASSERT_HEX(rd32(GICR(0, GICR_WAKER)), 0);              /* ChildrenAsleep follows at once */
    wr32(GICR(0, GICR_WAKER), 0x2);
    ASSERT_HEX(rd32(GICR(0, GICR_WAKER)), 0x6);
}
END_TEST

/* Set and clear registers of an SPI. */
START_TEST(test_spi_set_clear_registers)
{
    static const unsigned set[] = {ISENABLER, ISPENDR, ISACTIVER}, clr[] = {ICENABLER, ICPENDR, ICACTIVER};
    for (unsigned i = 0; i < 3; i++) {
        wr32(GICD(set[i] + 4), 0x102);                     /* INTIDs 33, 40 */
        ASSERT_HEX(rd32(GICD(set[i] + 4)), 0x102);
        ASSERT_HEX(rd32(GICD(clr[i] + 4)), 0x102);
        wr32(GICD(clr[i] + 4), 0x2);
        ASSERT_HEX(rd32(GICD(set[i] + 4)), 0x100);
    }
    wr32(GICD(IGROUPR + 32), 0x80000001);                  /* INTIDs 256 and 287 */
    ASSERT_HEX(rd32(GICD(IGROUPR + 32)), 0x80000001);
    wr32(GICD(IGROUPR + 36), ~0u);                         /* beyond INTID 287 */
    ASSERT_HEX(rd32(GICD(IGROUPR + 36)), 0);
}
END_TEST

START_TEST(test_redistributor_registers)
{
    wr32(SGIR(0, ISENABLER), 0x40000008);                  /* SGI 3, PPI 30 */
    ASSERT_HEX(rd32(SGIR(0, ICENABLER)), 0x40000008);
    wr32(SGIR(0, ISPENDR), 0x8);
    ASSERT_HEX(rd32(SGIR(0, ISPENDR)), 0x8);
    wr32(SGIR(0, ICPENDR), 0x8);
    ASSERT_HEX(rd32(SGIR(0, ISPENDR)), 0);
    ASSERT_HEX(rd32(SGIR(0, ICFGR)), 0xAAAAAAAA);          /* SGIs: edge, read-only */
    wr32(SGIR(0, ICFGR), 0);
    ASSERT_HEX(rd32(SGIR(0, ICFGR)), 0xAAAAAAAA);
    wr32(SGIR(0, ICFGR + 4), 0x00000200);                  /* PPI 20 edge */
    ASSERT_HEX(rd32(SGIR(0, ICFGR + 4)), 0x00000200);
    wr32(SGIR(0, IGROUPR), 0xFFFF0000);
    wr32(SGIR(0, IGRPMODR), 0x0000FFFF);
    ASSERT_HEX(rd32(SGIR(0, IGROUPR)), 0xFFFF0000);
    ASSERT_HEX(rd32(SGIR(0, IGRPMODR)), 0x0000FFFF);
    mmio_wr(hm, SGIR(0, IPRIORITYR + 27), 1, 0x5F, false);
    ASSERT_HEX(mmio_rd(hm, SGIR(0, IPRIORITYR + 27), 1, false), 0x58);
    ASSERT_HEX(rd32(SGIR(0, IPRIORITYR + 24)), 0x58000000);
}
END_TEST

/* With two Security states, Non-secure accesses see and change only Non-secure Group 1. */
START_TEST(test_nonsecure_views)
{
    wr32(GICD(IGROUPR + 4), 0x1);                          /* INTID 32 G1NS, 33 Group 0 */
    ASSERT_HEX(rd32_ns(GICD(IGROUPR + 4)), 0);
    wr32_ns(GICD(IGROUPR + 4), ~0u);
    ASSERT_HEX(rd32(GICD(IGROUPR + 4)), 0x1);
    wr32_ns(GICD(ISENABLER + 4), 0x3);
    ASSERT_HEX(rd32(GICD(ISENABLER + 4)), 0x1);
    wr32(GICD(ISENABLER + 4), 0x2);
    ASSERT_HEX(rd32_ns(GICD(ISENABLER + 4)), 0x1);
    wr32_ns(GICD(ICENABLER + 4), 0x3);
    ASSERT_HEX(rd32(GICD(ISENABLER + 4)), 0x2);
    wr32_ns(GICD(IGRPMODR + 4), ~0u);
    ASSERT_HEX(rd32(GICD(IGRPMODR + 4)), 0);
    mmio_wr(hm, GICD(IROUTER + 8 * 33), 8, 0x80000000, false);
    ASSERT_HEX(mmio_rd(hm, GICD(IROUTER + 8 * 33), 8, true), 0);
    wr32_ns(GICD(ICFGR + 8), 0xF);                         /* INTID 32 edge, 33 ignored */
    ASSERT_HEX(rd32(GICD(ICFGR + 8)), 0x2);
    /* GICD_CTLR: the Non-secure view is EnableGrp1A at bit 1 (EnableGrp1NS). */
    wr32_ns(GICD(CTLR), 0x7);
    ASSERT_HEX(rd32(GICD(CTLR)), 0x32);
    ASSERT_HEX(rd32_ns(GICD(CTLR)), 0x12);
}
END_TEST

START_TEST(test_priority_views)
{
    mmio_wr(hm, GICD(IPRIORITYR + 40), 1, 0xA7, false);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 40), 1, false), 0xA0); /* 5 bits of priority */
    wr32(GICD(IGROUPR + 4), 1u << 9);                      /* INTID 41 G1NS */
    mmio_wr(hm, GICD(IPRIORITYR + 41), 1, 0xA0, true);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 41), 1, false), 0xD0); /* 0x80 | (0xA0 >> 1) */
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 41), 1, true), 0xA0);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 40), 1, true), 0);     /* Secure: RAZ/WI */
    mmio_wr(hm, GICD(IPRIORITYR + 40), 1, 0x10, true);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 40), 1, false), 0xA0);
    wr32(GICD(IPRIORITYR + 44), 0x10203040);
    ASSERT_HEX(rd32(GICD(IPRIORITYR + 44)), 0x10203040);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 46), 1, false), 0x20);
    wr32(GICD(IPRIORITYR + 16), 0xFFFFFFFF);               /* private: RAZ/WI in the Distributor */
    ASSERT_HEX(rd32(GICD(IPRIORITYR + 16)), 0);
}
END_TEST

/* Accesses from a core carry their Security state (mmu/mem.c passes the translation's NS). */
START_TEST(test_core_accesses_carry_security)
{
    hc->x[0] = GICD(IGROUPR + 4);
    hc->x[1] = 0x5;
    run_ok(1, true, 0xb9000001);                           /* str w1, [x0]: Non-secure, ignored */
    ASSERT_HEX(rd32(GICD(IGROUPR + 4)), 0);
    run_ok(3, false, 0xb9000001);                          /* str w1, [x0]: Secure */
    ASSERT_HEX(rd32(GICD(IGROUPR + 4)), 0x5);
    run_ok(1, true, 0xb9400002);                           /* ldr w2, [x0] */
    ASSERT_HEX(hc->x[2], 0);
}
END_TEST

/* A direct kernel boot: gic_boot_nonsecure() does the Secure part, then Non-secure software
 * configures and takes an SPI the way Linux does (priority 0xA0, PMR 0xF0, EnableGrp1A). */
START_TEST(test_nonsecure_os_after_boot_setup)
{
    gic_boot_nonsecure(hm->intc);
    ASSERT_HEX(rd32(GICD(IGROUPR + 4)), ~0u);
    ASSERT_HEX(rd32(SGIR(0, IGROUPR)), ~0u);
    ASSERT_HEX(rd32(GICR(0, GICR_WAKER)), 0);
    wr32_ns(GICD(CTLR), 0x12);                             /* EnableGrp1A | ARE_NS */
    mmio_wr(hm, GICD(IPRIORITYR + 33), 1, 0xA0, true);
    wr32_ns(GICD(ISENABLER + 4), 1u << 1);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0xF0);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 1);
    machine_set_spi(hm, 33, true);                         /* the PL011's interrupt */
    at(1, true);
    ASSERT_HEX(lines(), LINE_IRQ);
    RUN(MRS_X0_ICC_IAR1_EL1);
    ASSERT_HEX(hc->x[0], 33);
    ASSERT_HEX(mmio_rd(hm, GICD(IPRIORITYR + 33), 1, false), 0xD0);
}
END_TEST

/* ================================= Inputs ================================= */

START_TEST(test_level_input)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    at(1, true);
    machine_set_spi(hm, 40, true);
    ck_assert(pending(40));
    ASSERT_HEX(lines(), LINE_IRQ);
    machine_set_spi(hm, 40, false);
    ck_assert(!pending(40));
    ASSERT_HEX(lines(), 0);
    /* ISPENDR latches a level-sensitive interrupt pending until ICPENDR or acknowledgement. */
    set_pending(40);
    ASSERT_HEX(lines(), LINE_IRQ);
    machine_set_spi(hm, 40, true);
    wr32(GICD(ICPENDR + 4), 1u << 8);
    ck_assert(pending(40));                                /* the level still holds it */
    machine_set_spi(hm, 40, false);
    ck_assert(!pending(40));
}
END_TEST

START_TEST(test_edge_input)
{
    gic_on(hm);
    irq_config(hm, 0, 40, T_G1NS, 0x80, true);
    at(1, true);
    machine_set_spi(hm, 40, true);
    machine_set_spi(hm, 40, false);
    ck_assert(pending(40));                                /* latched by the rising edge */
    ASSERT_HEX(lines(), LINE_IRQ);
    wr32(GICD(ICPENDR + 4), 1u << 8);
    ck_assert(!pending(40));
    machine_set_spi(hm, 40, true);
    ck_assert(pending(40));
    ASSERT_HEX(rd32(GICD(ICFGR + 8)) >> 17 & 1, 1);        /* INTID 40: bit 2*8+1 */
}
END_TEST

START_TEST(test_ppi_input)
{
    gic_on(hm);
    config(30, T_G1NS, 0x80);
    at(1, true);
    machine_set_ppi(hm, 0, 30, true);
    ck_assert(pending(30));
    ASSERT_HEX(lines(), LINE_IRQ);
    machine_set_ppi(hm, 0, 30, false);
    ck_assert(!pending(30));
    machine_set_ppi(hm, 5, 30, true);                      /* no such core: ignored */
    machine_set_ppi(hm, 0, 40, true);                      /* not a PPI: ignored */
    ck_assert(!pending(30));
    ASSERT_HEX(lines(), 0);
}
END_TEST

/* ============================ Signalling rules ============================ */

/* IHI 0069 4.6.2: Group 0 is FIQ; Group 1 of the current Security state is IRQ, of the other
 * state FIQ; at EL3 everything is FIQ. */
START_TEST(test_irq_fiq_by_group_and_state)
{
    static const struct {
        unsigned grp, el;
        bool ns;
        unsigned line;
    } cases[] = {
        {T_G1NS, 1, true, LINE_IRQ}, {T_G1NS, 2, true, LINE_IRQ}, {T_G1NS, 0, true, LINE_IRQ},
        {T_G1NS, 1, false, LINE_FIQ}, {T_G1NS, 3, true, LINE_FIQ},
        {T_G0, 1, true, LINE_FIQ}, {T_G0, 1, false, LINE_FIQ}, {T_G0, 3, false, LINE_FIQ},
        {T_G1S, 1, false, LINE_IRQ}, {T_G1S, 1, true, LINE_FIQ}, {T_G1S, 2, true, LINE_FIQ},
        {T_G1S, 3, false, LINE_FIQ},
    };
    gic_on(hm);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        config(50, cases[i].grp, 0x40);
        set_pending(50);
        at(cases[i].el, cases[i].ns);
        ck_assert_msg(lines() == cases[i].line, "case %u: lines 0x%x", i, lines());
    }
}
END_TEST

START_TEST(test_group_enables)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    at(1, true);
    ASSERT_HEX(lines(), LINE_IRQ);
    wr32(GICD(CTLR), 0x5);                                 /* EnableGrp1NS off */
    ASSERT_HEX(lines(), 0);
    wr32(GICD(CTLR), 0x7);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 0);             /* the Non-secure copy */
    ASSERT_HEX(lines(), 0);
    ASSERT_HEX(sr_at(hc, 3, false, SR_ICC_IGRPEN1_EL1), 1); /* the Secure copy stays */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_IGRPEN1_EL3), 2);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 1);
    wr32(GICD(ICENABLER + 4), 1u << 8);                    /* the interrupt itself */
    at(1, true);
    ASSERT_HEX(lines(), 0);
}
END_TEST

START_TEST(test_redistributor_asleep_forwards_nothing)
{
    gic_on(hm);
    config(30, T_G1NS, 0x80);
    config(40, T_G1NS, 0x80);
    set_pending(30);
    set_pending(40);
    wr32(GICR(0, GICR_WAKER), 0x2);
    at(1, true);
    ASSERT_HEX(lines(), 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 1023);
    wr32(GICR(0, GICR_WAKER), 0);
    at(1, true);
    ASSERT_HEX(lines(), LINE_IRQ);
}
END_TEST

START_TEST(test_priority_mask)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0x80);              /* equal priority is masked */
    ASSERT_HEX(lines(), 0);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0x88);
    ASSERT_HEX(lines(), LINE_IRQ);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0xFF);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_PMR_EL1), 0xF8);  /* 5 implemented bits */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 40);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0);                 /* masks nothing being handled */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0x80);
}
END_TEST

/* With SCR_EL3.FIQ, Non-secure software sees PMR and RPR in its own half, shifted. */
START_TEST(test_nonsecure_priority_view)
{
    gic_on(hm);
    hc->sr[SR_SCR_EL3] |= SCR_FIQ;
    sw_at(hc, 3, true, SR_ICC_PMR_EL1, 0xF0);
    core_at(hc, 1, true);
    hc->sr[SR_SCR_EL3] |= SCR_FIQ;
    ASSERT_HEX(sysreg_read(hc, SR_ICC_PMR_EL1), 0xE0);
    sysreg_write(hc, SR_ICC_PMR_EL1, 0x60);
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_PMR_EL1), 0xB0);  /* 0x80 | 0x60 >> 1 */
    sw_at(hc, 3, true, SR_ICC_PMR_EL1, 0x40);              /* a Secure mask */
    core_at(hc, 1, true);
    hc->sr[SR_SCR_EL3] |= SCR_FIQ;
    ASSERT_HEX(sysreg_read(hc, SR_ICC_PMR_EL1), 0);
    sysreg_write(hc, SR_ICC_PMR_EL1, 0xFF);                /* ignored */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_PMR_EL1), 0x40);
}
END_TEST

/* ================== Acknowledge, priority drop, deactivation ============== */

START_TEST(test_ack_and_eoi_mode0)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    at(1, true);
    RUN(MRS_X0_ICC_IAR1_EL1);
    ASSERT_HEX(hc->x[0], 40);
    ck_assert(active(40) && !pending(40));
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0x80);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_AP1R0_EL1), 1u << 16);
    ASSERT_HEX(lines(), 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 1023);  /* nothing else: spurious */
    hc->x[1] = 40;
    run_ok(1, true, MSR_ICC_EOIR1_EL1_X1);
    ck_assert(!active(40));
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0xFF);
}
END_TEST

START_TEST(test_eoi_mode1_and_dir)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    sw_at(hc, 1, true, SR_ICC_CTLR_EL1, 0x2);              /* EOImode */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_CTLR_EL1), 0x402); /* PRIbits = 4 */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_CTLR_EL3) & 0x1F, 0x10); /* EOImode_EL1NS */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 40);
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 40);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0xFF);  /* priority dropped */
    ck_assert(active(40));                                 /* still active */
    hc->x[1] = 40;
    run_ok(1, true, MSR_ICC_DIR_EL1_X1);
    ck_assert(!active(40));
}
END_TEST

/* A level still asserted after acknowledgement leaves the interrupt active and pending; it
 * is signalled again once deactivated. */
START_TEST(test_level_active_and_pending)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    at(1, true);
    machine_set_spi(hm, 40, true);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 40);
    ck_assert(active(40) && pending(40));
    ASSERT_HEX(lines(), 0);
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 40);
    ASSERT_HEX(lines(), LINE_IRQ);
}
END_TEST

/* Preemption compares group priorities: ICC_BPR1_EL1 = 4 leaves bits [7:4] (GroupBits() uses
 * BPR1 - 1 for Group 1). */
START_TEST(test_preemption_and_binary_point)
{
    gic_on(hm);
    config(40, T_G1NS, 0x88);
    config(41, T_G1NS, 0x80);
    set_pending(40);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 40);
    set_pending(41);
    at(1, true);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_BPR1_EL1), 3);    /* the minimum with 5 bits */
    ASSERT_HEX(lines(), LINE_IRQ);                         /* 0x80 preempts 0x88 */
    sw_at(hc, 1, true, SR_ICC_BPR1_EL1, 4);
    ASSERT_HEX(lines(), 0);                                /* same group priority 0x80 */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 1023);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 41); /* still the HPPI */
    sw_at(hc, 1, true, SR_ICC_BPR1_EL1, 0);                /* below the minimum */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_BPR1_EL1), 3);
    sw_at(hc, 1, true, SR_ICC_BPR0_EL1, 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_BPR0_EL1), 2);
    /* CBPR (set through ICC_CTLR_EL3 with two Security states): BPR1 reads BPR0 + 1. */
    sw_at(hc, 3, true, SR_ICC_CTLR_EL3, 0x2);              /* CBPR_EL1NS */
    sw_at(hc, 1, true, SR_ICC_BPR0_EL1, 5);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_BPR1_EL1), 6);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_CTLR_EL1), 0x401);
    sw_at(hc, 1, true, SR_ICC_CTLR_EL1, 0x0);              /* CBPR is read-only at EL1 */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_CTLR_EL1), 0x401);
}
END_TEST

START_TEST(test_priority_order)
{
    gic_on(hm);
    config(45, T_G1NS, 0x90);
    config(44, T_G1NS, 0x90);
    config(50, T_G1NS, 0x60);
    set_pending(45);
    set_pending(44);
    set_pending(50);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 50);
    wr32(GICD(ICPENDR + 4), 1u << 18);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 44); /* a tie goes to the lower INTID */
}
END_TEST

START_TEST(test_hppir_and_group_visibility)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 40);
    ck_assert(!active(40));                                /* HPPIR does not acknowledge */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR0_EL1), 1023);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR0_EL1), 1023);
    ASSERT_HEX(sr_at(hc, 1, false, SR_ICC_HPPIR1_EL1), 1023); /* Secure EL1: not its group */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_HPPIR0_EL1), 1021);  /* EL3: Non-secure Group 1 */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_IAR0_EL1), 1021);
    ck_assert(!active(40));
    config(40, T_G1S, 0x80);
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_HPPIR0_EL1), 1020);  /* Secure Group 1 */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 1023);
    ASSERT_HEX(sr_at(hc, 1, false, SR_ICC_HPPIR1_EL1), 40);
    ASSERT_HEX(sr_at(hc, 3, false, SR_ICC_IAR1_EL1), 40);     /* EL3 takes either Group 1 */
    ck_assert(active(40));
}
END_TEST

START_TEST(test_group0_ack_and_eoi)
{
    gic_on(hm);
    config(60, T_G0, 0x20);
    set_pending(60);
    at(1, false);
    ASSERT_HEX(lines(), LINE_FIQ);
    RUN(MRS_X0_ICC_IAR0_EL1);
    ASSERT_HEX(hc->x[0], 60);
    ASSERT_HEX(sr_at(hc, 1, false, SR_ICC_AP0R0_EL1), 1u << 4);
    sw_at(hc, 1, false, SR_ICC_EOIR1_EL1, 60);             /* the wrong register: ignored */
    ck_assert(active(60));
    sw_at(hc, 1, true, SR_ICC_EOIR0_EL1, 60);              /* Non-secure: ignored */
    ck_assert(active(60));
    hc->x[1] = 60;
    run_ok(1, false, MSR_ICC_EOIR0_EL1_X1);
    ck_assert(!active(60));
    ASSERT_HEX(sr_at(hc, 1, false, SR_ICC_AP0R0_EL1), 0);
}
END_TEST

/* ================================== SGIs ================================== */

START_TEST(test_sgi_to_self)
{
    gic_on(hm);
    config(5, T_G1NS, 0x40);
    hc->x[1] = (5ull << 24) | 1;                           /* INTID 5, TargetList {0} */
    run_ok(1, true, MSR_ICC_SGI1R_EL1_X1);
    ck_assert(pending(5));
    ASSERT_HEX(lines(), LINE_IRQ);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 5);
    ck_assert(!pending(5) && active(5));
}
END_TEST

/* An SGI reaches a target configured in the requested group (GICR_NSACR is RAZ/WI). */
START_TEST(test_sgi_group_rules)
{
    gic_on(hm);
    config(6, T_G0, 0x40);
    config(7, T_G1S, 0x40);
    config(8, T_G1NS, 0x40);
    sw_at(hc, 1, true, SR_ICC_SGI1R_EL1, (6ull << 24) | 1);   /* NS Group 1 to a Group 0 SGI */
    sw_at(hc, 1, true, SR_ICC_SGI0R_EL1, (6ull << 24) | 1);   /* NS Group 0: needs NSACR */
    sw_at(hc, 1, true, SR_ICC_ASGI1R_EL1, (7ull << 24) | 1);  /* NS to Secure Group 1 */
    sw_at(hc, 1, false, SR_ICC_SGI1R_EL1, (8ull << 24) | 1);  /* Secure G1 to a NS SGI */
    ASSERT_HEX(rd32(SGIR(0, ISPENDR)), 0);
    sw_at(hc, 3, false, SR_ICC_SGI0R_EL1, (6ull << 24) | 1);
    sw_at(hc, 1, false, SR_ICC_SGI1R_EL1, (7ull << 24) | 1);
    sw_at(hc, 1, false, SR_ICC_ASGI1R_EL1, (8ull << 24) | 1);
    ASSERT_HEX(rd32(SGIR(0, ISPENDR)), 0x1C0);
}
END_TEST

START_TEST(test_sgi_targets)
{
    gic_on(hm);
    config(3, T_G1NS, 0x40);
    sw_at(hc, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | (1ull << 40));    /* IRM: all but self */
    sw_at(hc, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | (1ull << 16) | 1); /* Aff1 = 1 */
    sw_at(hc, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | 2);               /* core 1 */
    sw_at(hc, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | (1ull << 44) | 1); /* RS = 1 */
    ck_assert(!pending(3));
}
END_TEST

/* ================================ Routing ================================= */

START_TEST(test_irouter_one_core)
{
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    mmio_wr(hm, GICD(IROUTER + 8 * 40), 8, 1, false);      /* 0.0.0.1: no such core */
    at(1, true);
    ASSERT_HEX(lines(), 0);
    mmio_wr(hm, GICD(IROUTER + 8 * 40), 8, 0x80000001, false); /* IRM: any participating PE */
    ASSERT_HEX(lines(), LINE_IRQ);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 0);             /* no participating PE left */
    ASSERT_HEX(lines(), 0);
}
END_TEST

START_TEST(test_two_cores)
{
    static Machine m2;
    MachineOptions o = {.ram_size = 16ULL << 20, .quiet = true, .smp = 2};
    ck_assert(machine_init(&m2, &o));
    bool ours = m2.intc == NULL;
    if (ours)
        ck_assert_ptr_nonnull(gic_create(&m2));
    ck_assert_int_eq(m2.ncpu, 2);
    CPU *c0 = m2.cpu[0], *c1 = m2.cpu[1];
    ASSERT_HEX(mmio_rd(&m2, GICR(0, GICR_TYPER), 8, false), 0);           /* not Last */
    ASSERT_HEX(mmio_rd(&m2, GICR(1, GICR_TYPER), 8, false), 0x0000000100000110ULL); /* 0.0.0.1, #1, Last */
    gic_on(&m2);
    irq_config(&m2, 0, 40, T_G1NS, 0x80, false);
    core_at(c0, 1, true);
    core_at(c1, 1, true);
    mmio_wr(&m2, GICD(IROUTER + 8 * 40), 8, 1, false);
    machine_set_spi(&m2, 40, true);
    ASSERT_HEX(lines_of(&m2, c0), 0);
    ASSERT_HEX(lines_of(&m2, c1), LINE_IRQ);
    /* IRM: the lowest-numbered core that takes the group. */
    mmio_wr(&m2, GICD(IROUTER + 8 * 40), 8, 0x80000000, false);
    ASSERT_HEX(lines_of(&m2, c0), LINE_IRQ);
    ASSERT_HEX(lines_of(&m2, c1), 0);
    sw_at(c0, 1, true, SR_ICC_IGRPEN1_EL1, 0);
    ASSERT_HEX(lines_of(&m2, c0), 0);
    ASSERT_HEX(lines_of(&m2, c1), LINE_IRQ);
    ASSERT_HEX(sr_at(c1, 1, true, SR_ICC_IAR1_EL1), 40);
    sw_at(c0, 1, true, SR_ICC_IGRPEN1_EL1, 1);
    ASSERT_HEX(lines_of(&m2, c0), 0);                      /* active: not forwarded again */
    /* SGIs between the cores. */
    irq_config(&m2, 1, 3, T_G1NS, 0x40, false);
    irq_config(&m2, 0, 3, T_G1NS, 0x40, false);
    sw_at(c0, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | 2); /* TargetList {1} */
    ASSERT_HEX(mmio_rd(&m2, SGIR(1, ISPENDR), 4, false), 0x8);
    ASSERT_HEX(mmio_rd(&m2, SGIR(0, ISPENDR), 4, false), 0);
    mmio_wr(&m2, SGIR(1, ICPENDR), 4, 0x8, false);
    sw_at(c1, 1, true, SR_ICC_SGI1R_EL1, (3ull << 24) | (1ull << 40)); /* IRM from core 1 */
    ASSERT_HEX(mmio_rd(&m2, SGIR(0, ISPENDR), 4, false), 0x8);
    ASSERT_HEX(mmio_rd(&m2, SGIR(1, ISPENDR), 4, false), 0);
    void *intc = m2.intc;
    machine_free(&m2);
    if (ours && m2.intc == intc && intc)
        gic_free(intc);
}
END_TEST

/* ============================ Access checks =============================== */

START_TEST(test_sre_registers_and_enables)
{
    run_ok(1, true, MRS_X0_ICC_SRE_EL1);
    ASSERT_HEX(hc->x[0], 0x7);                             /* SRE, DFB, DIB: RAO/WI */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICC_SRE_EL2), 0xF);
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_SRE_EL3), 0xF);
    sw_at(hc, 2, true, SR_ICC_SRE_EL2, 0x7);               /* Enable = 0 */
    run_trap(1, true, MRS_X0_ICC_SRE_EL1, 2, iss_sys(3, 0, 12, 12, 5, 0, true));
    run_ok(1, false, MRS_X0_ICC_SRE_EL1);                  /* Secure EL1: no EL2 */
    sw_at(hc, 3, true, SR_ICC_SRE_EL3, 0x7);
    run_trap(1, false, MRS_X0_ICC_SRE_EL1, 3, iss_sys(3, 0, 12, 12, 5, 0, true));
    run_trap(2, true, MRS_X0_ICC_SRE_EL2, 3, iss_sys(3, 4, 12, 9, 5, 0, true));
    run_ok(3, true, MRS_X0_ICC_SRE_EL2);
    ASSERT_HEX(hc->x[0], 0x7);
    at(0, true);                                           /* no EL0 access */
    RUN(MRS_X0_ICC_PMR_EL1);
    h_expect_exc(1, V_LOWER, EC_UNKNOWN, 0, H_CODE);
}
END_TEST

START_TEST(test_ich_hcr_traps)
{
    static const struct {
        uint64_t ich;
        uint32_t insn, iss;
    } cases[] = {
        {ICH_TALL1, MRS_X0_ICC_IAR1_EL1, 0},
        {ICH_TALL0, MRS_X0_ICC_IAR0_EL1, 0},
        {ICH_TC, MRS_X0_ICC_PMR_EL1, 0},
        {ICH_TC, MRS_X0_ICC_CTLR_EL1, 0},
        {ICH_TDIR, MSR_ICC_DIR_EL1_X1, 0},
    };
    const uint32_t iss[] = {
        iss_sys(3, 0, 12, 12, 0, 0, true), iss_sys(3, 0, 12, 8, 0, 0, true), iss_sys(3, 0, 4, 6, 0, 0, true),
        iss_sys(3, 0, 12, 12, 4, 0, true), iss_sys(3, 0, 12, 11, 1, 1, false),
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sw_at(hc, 2, true, SR_ICH_HCR_EL2, cases[i].ich);
        run_trap(1, true, cases[i].insn, 2, iss[i]);
        run_ok(1, false, cases[i].insn);                   /* Secure EL1: EL2 is not enabled */
        run_ok(2, true, cases[i].insn);
    }
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, 0);
    /* No ICV_ SGI registers: with IMO or FMO, EL1 SGI writes trap to EL2. */
    hc->sr[SR_HCR_EL2] |= HCR_FMO;
    run_trap(1, true, MSR_ICC_SGI1R_EL1_X1, 2, iss_sys(3, 0, 12, 11, 5, 1, false));
}
END_TEST

/* SCR_EL3.IRQ/FIQ trap the group's registers at EL2, and at EL1 unless virtualized. */
START_TEST(test_scr_el3_traps)
{
    uint32_t iss = iss_sys(3, 0, 12, 12, 0, 0, true);
    at(2, true);
    hc->sr[SR_SCR_EL3] |= SCR_IRQ;
    RUN(MRS_X0_ICC_IAR1_EL1);
    h_expect_exc(3, V_LOWER, EC_SYSREG, iss, H_CODE);
    at(1, true);
    hc->sr[SR_SCR_EL3] |= SCR_IRQ;
    RUN(MRS_X0_ICC_IAR1_EL1);
    h_expect_exc(3, V_LOWER, EC_SYSREG, iss, H_CODE);
    at(1, true);
    hc->sr[SR_SCR_EL3] |= SCR_IRQ;
    hc->sr[SR_HCR_EL2] |= HCR_IMO;                         /* ICV_IAR1_EL1 instead */
    RUN(MRS_X0_ICC_IAR1_EL1);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    ASSERT_HEX(hc->x[0], 1023);
    at(3, true);
    hc->sr[SR_SCR_EL3] |= SCR_IRQ | SCR_FIQ;
    RUN(MRS_X0_ICC_PMR_EL1);
    ASSERT_HEX(hc->pc, H_CODE + 4);
    at(2, true);
    hc->sr[SR_SCR_EL3] |= SCR_IRQ;                         /* common registers need both */
    RUN(MRS_X0_ICC_PMR_EL1);
    ASSERT_HEX(hc->pc, H_CODE + 4);
}
END_TEST

START_TEST(test_undefined_without_gic_or_register)
{
    run_ok(2, true, MRS_X0_ICH_VTR_EL2);
    at(1, true);
    RUN(MRS_X0_ICC_AP0R1_EL1);                             /* needs 6 preemption bits */
    h_expect_exc(1, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE);
    at(1, true);
    RUN(MRS_X0_ICH_VTR_EL2);                               /* EL2 register at EL1 */
    h_expect_exc(1, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE);
    void *intc = hm->intc;
    unsigned (*fn)(void *, CPU *) = hm->intc_cpu_lines;
    hm->intc = NULL;
    hm->intc_cpu_lines = NULL;
    at(1, true);
    RUN(MRS_X0_ICC_PMR_EL1);
    h_expect_exc(1, V_CUR_SPX, EC_UNKNOWN, 0, H_CODE);
    hm->intc = intc;
    hm->intc_cpu_lines = fn;
}
END_TEST

/* ICC_CTLR_EL3 aliases both ICC_CTLR_EL1 copies; EOImode_EL3 governs EL3 itself. */
START_TEST(test_ctlr_el3)
{
    uint64_t v = sr_at(hc, 3, true, SR_ICC_CTLR_EL3);
    ASSERT_HEX(v, (1u << 17) | 0x400);                     /* nDS, PRIbits = 4, IDbits = 16 */
    sw_at(hc, 3, true, SR_ICC_CTLR_EL3, 0x1D);             /* CBPR_EL1S, EOImode EL3/EL1S/EL1NS */
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_CTLR_EL3), (1u << 17) | 0x400 | 0x1D);
    ASSERT_HEX(sr_at(hc, 1, false, SR_ICC_CTLR_EL1), 0x403);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_CTLR_EL1), 0x402);
    gic_on(hm);
    config(40, T_G1NS, 0x80);
    set_pending(40);
    ASSERT_HEX(sr_at(hc, 3, true, SR_ICC_IAR1_EL1), 40);
    sw_at(hc, 3, true, SR_ICC_EOIR1_EL1, 40);
    ck_assert(active(40));                                 /* EOImode_EL3: drop only */
    sw_at(hc, 3, true, SR_ICC_DIR_EL1, 40);
    ck_assert(!active(40));
}
END_TEST

/* ====================== Virtual CPU interface ============================ */

/* The hypervisor's view: the virtual interface enabled, virtual Group 1 on, VPMR open. */
static void vgic_on(uint64_t vmcr_extra)
{
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN);
    sw_at(hc, 2, true, SR_ICH_VMCR_EL2, VMCR_VENG0 | VMCR_VENG1 | VPMR(0xF8) | vmcr_extra);
    hc->sr[SR_HCR_EL2] |= HCR_IMO | HCR_FMO;
}
static uint64_t lr(unsigned n) { return sr_at(hc, 2, true, SR_ICH_LR0_EL2 + (int)n); }
static void set_lr(unsigned n, uint64_t v) { sw_at(hc, 2, true, SR_ICH_LR0_EL2 + (int)n, v); }

START_TEST(test_vtr_vmcr_and_lr_fields)
{
    run_ok(2, true, MRS_X0_ICH_VTR_EL2);
    ASSERT_HEX(hc->x[0] & 0x1F, 15);                       /* 16 list registers */
    ASSERT_HEX(hc->x[0] >> 29 & 7, 4);                     /* PRIbits: 5 */
    ASSERT_HEX(hc->x[0] >> 26 & 7, 4);                     /* PREbits: 5 */
    ASSERT_HEX(hc->x[0] >> 20 & 1, 1);                     /* nV4 */
    sw_at(hc, 2, true, SR_ICH_VMCR_EL2, 0);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_VMCR_EL2), 0x4C0008); /* VFIQEn, VBPR1 3, VBPR0 2 */
    sw_at(hc, 2, true, SR_ICH_VMCR_EL2, ~0ull);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_VMCR_EL2), 0xF8FC021B);
    hc->x[1] = ~0ull;
    run_ok(2, true, MSR_ICH_LR15_EL2_X1);
    run_ok(2, true, MRS_X0_ICH_LR15_EL2);
    ASSERT_HEX(hc->x[0], 0xF0F81FFF0000FFFFULL);           /* NMI, reserved bits RES0 */
    hc->x[1] = ~0ull & ~LR_HW;
    run_ok(2, true, MSR_ICH_LR15_EL2_X1);
    ASSERT_HEX(lr(15), 0xD0F802000000FFFFULL);             /* HW = 0: only EOI of pINTID */
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ~0ull);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_HCR_EL2), 0xF8005CFF);
}
END_TEST

START_TEST(test_lr_virq_ack_and_eoi)
{
    vgic_on(0);
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xA0) | 40);
    at(1, true);
    ASSERT_HEX(lines(), LINE_VIRQ);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_HPPIR1_EL1), 40);  /* ICV_HPPIR1_EL1 */
    RUN(MRS_X0_ICC_IAR1_EL1);                               /* ICV_IAR1_EL1 */
    ASSERT_HEX(hc->x[0], 40);
    ASSERT_HEX(lr(0) >> 62, 2);                             /* active */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0xA0);   /* ICV_RPR_EL1 */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_AP1R0_EL2), 1u << 20);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_AP1R0_EL1), 1u << 20); /* ICV_AP1R0_EL1 */
    at(1, true);
    ASSERT_HEX(lines(), 0);
    hc->x[1] = 40;
    run_ok(1, true, MSR_ICC_EOIR1_EL1_X1);                  /* ICV_EOIR1_EL1 */
    ASSERT_HEX(lr(0) >> 62, 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0xFF);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_ELRSR_EL2), 0xFFFF);
    ck_assert(!active(40));                                 /* the physical side untouched */
}
END_TEST

START_TEST(test_lr_group0_is_vfiq)
{
    vgic_on(0);
    set_lr(3, LR_PENDING | LR_PRIO(0x50) | 33);
    at(1, true);
    ASSERT_HEX(lines(), LINE_VFIQ);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 1023);  /* not its group */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR0_EL1), 33);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_AP0R0_EL1), 1u << 10);
    sw_at(hc, 1, true, SR_ICC_EOIR0_EL1, 33);
    ASSERT_HEX(lr(3), LR_PRIO(0x50) | 33);
}
END_TEST

START_TEST(test_virtual_masking)
{
    vgic_on(0);
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xA0) | 40);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0xA0);               /* ICV_PMR_EL1 = VMCR.VPMR */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_VMCR_EL2) >> 24, 0xA0);
    ASSERT_HEX(lines(), 0);
    sw_at(hc, 1, true, SR_ICC_PMR_EL1, 0xA8);
    ASSERT_HEX(lines(), LINE_VIRQ);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 0);              /* ICV_IGRPEN1_EL1 = VENG1 */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_VMCR_EL2) & 3, 1);
    ASSERT_HEX(lines(), 0);
    sw_at(hc, 1, true, SR_ICC_IGRPEN1_EL1, 1);
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, 0);                  /* En = 0 */
    ASSERT_HEX(lines(), 0);
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN);
    ASSERT_HEX(lines(), LINE_VIRQ);
    /* Virtual preemption: VBPR1 = 4 groups 0xA0 with a running 0xA8. */
    set_lr(1, LR_ACTIVE | LR_GROUP1 | LR_PRIO(0xA8) | 41);
    sw_at(hc, 2, true, SR_ICH_AP1R0_EL2, 1u << 21);
    ASSERT_HEX(lines(), LINE_VIRQ);
    sw_at(hc, 1, true, SR_ICC_BPR1_EL1, 4);                 /* ICV_BPR1_EL1 */
    ASSERT_HEX(lines(), 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 1023);
    sw_at(hc, 1, true, SR_ICC_CTLR_EL1, 0x1);               /* ICV_CTLR_EL1.CBPR = VCBPR */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_VMCR_EL2) >> 4 & 1, 1);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_BPR1_EL1), 3);     /* VBPR0 + 1 */
}
END_TEST

/* HW = 1: deactivating the virtual interrupt deactivates pINTID, the flow of a hypervisor
 * that forwards a physical interrupt it acknowledged with EOImode = 1. */
START_TEST(test_lr_hw_deactivates_physical)
{
    gic_on(hm);
    config(27, T_G1NS, 0x80);
    sw_at(hc, 2, true, SR_ICC_CTLR_EL1, 0x2);               /* EOImode */
    machine_set_ppi(hm, 0, 27, true);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICC_IAR1_EL1), 27);
    sw_at(hc, 2, true, SR_ICC_EOIR1_EL1, 27);               /* priority drop only */
    ck_assert(active(27));
    vgic_on(0);
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_HW | LR_PINTID(27) | LR_PRIO(0xA0) | 27);
    at(1, true);
    ASSERT_HEX(lines(), LINE_VIRQ);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 27);
    ck_assert(active(27));
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 27);
    ck_assert(!active(27));
    ASSERT_HEX(lr(0) >> 62, 0);
    at(1, true);
    ASSERT_HEX(lines(), LINE_IRQ);                          /* the level is still high */
}
END_TEST

START_TEST(test_virtual_eoi_mode1_and_dir)
{
    vgic_on(VMCR_VEOIM);
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xA0) | 40);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_CTLR_EL1), 0x402); /* ICV_CTLR_EL1.EOImode */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 40);
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 40);
    ASSERT_HEX(lr(0) >> 62, 2);                             /* still active */
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_RPR_EL1), 0xFF);
    hc->x[1] = 40;
    run_ok(1, true, MSR_ICC_DIR_EL1_X1);                    /* ICV_DIR_EL1 */
    ASSERT_HEX(lr(0) >> 62, 0);
    sw_at(hc, 1, true, SR_ICC_DIR_EL1, 99);                 /* in no list register */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_HCR_EL2) >> 27, 1); /* EOIcount */
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN | ICH_TDIR);
    run_trap(1, true, MSR_ICC_DIR_EL1_X1, 2, iss_sys(3, 0, 12, 11, 1, 1, false));
}
END_TEST

/* LR.EOI with HW = 0: deactivation raises the EOI maintenance interrupt (PPI 25). */
START_TEST(test_eoi_maintenance)
{
    gic_on(hm);
    config(25, T_G1NS, 0x10);
    vgic_on(0);
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_EOI | LR_PRIO(0xA0) | 50);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_ELRSR_EL2), 0xFFFE);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_EISR_EL2), 0);
    ASSERT_HEX(sr_at(hc, 1, true, SR_ICC_IAR1_EL1), 50);
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 50);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_EISR_EL2), 1);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_ELRSR_EL2), 0xFFFE); /* not free until handled */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), MISR_EOI);
    ck_assert(pending(25));
    at(2, true);
    ASSERT_HEX(lines(), LINE_IRQ);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICC_IAR1_EL1), 25);
    set_lr(0, 0);                                           /* the hypervisor handles it */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), 0);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_ELRSR_EL2), 0xFFFF);
    ck_assert(!pending(25));
}
END_TEST

START_TEST(test_underflow_and_no_pending_maintenance)
{
    gic_on(hm);
    config(25, T_G1NS, 0x10);
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_UIE);            /* En = 0: no maintenance */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), MISR_U);
    ck_assert(!pending(25));
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN | ICH_UIE);
    ck_assert(pending(25));
    set_lr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xA0) | 40);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), MISR_U); /* one valid entry: still U */
    set_lr(1, LR_PENDING | LR_GROUP1 | LR_PRIO(0xA0) | 41);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), 0);
    ck_assert(!pending(25));
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN | ICH_NPIE);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), 0);
    set_lr(0, LR_ACTIVE | LR_GROUP1 | LR_PRIO(0xA0) | 40);
    set_lr(1, LR_ACTIVE | LR_GROUP1 | LR_PRIO(0xA0) | 41);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), MISR_NP);
    ck_assert(pending(25));
    /* VGrp1DIE: virtual Group 1 disabled. */
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN | (1ull << 7));
    sw_at(hc, 2, true, SR_ICH_VMCR_EL2, VMCR_VENG0);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), 0x80);
}
END_TEST

/* An EOI of a virtual interrupt in no list register counts in EOIcount (LRENP). */
START_TEST(test_eoicount_maintenance)
{
    gic_on(hm);
    config(25, T_G1NS, 0x10);
    vgic_on(0);
    sw_at(hc, 2, true, SR_ICH_HCR_EL2, ICH_EN | ICH_LRENPIE);
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 77);               /* nothing active: ignored */
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_HCR_EL2) >> 27, 0);
    sw_at(hc, 2, true, SR_ICH_AP1R0_EL2, 1u << 20);         /* an active 0xA0 not in an LR */
    ck_assert(!pending(25));
    sw_at(hc, 1, true, SR_ICC_EOIR1_EL1, 77);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_HCR_EL2) >> 27, 1);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_AP1R0_EL2), 0);
    ASSERT_HEX(sr_at(hc, 2, true, SR_ICH_MISR_EL2), MISR_LRENP);
    ck_assert(pending(25));
}
END_TEST

/* ================================ Suite =================================== */

static Suite *gic_suite(void)
{
    Suite *s = suite_create("gic");
    TCase *tc = tcase_create("gic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_identification);
    tcase_add_test(tc, test_reserved_and_access_sizes);
    tcase_add_test(tc, test_waker);
    tcase_add_test(tc, test_spi_set_clear_registers);
    tcase_add_test(tc, test_redistributor_registers);
    tcase_add_test(tc, test_nonsecure_views);
    tcase_add_test(tc, test_priority_views);
    tcase_add_test(tc, test_core_accesses_carry_security);
    tcase_add_test(tc, test_nonsecure_os_after_boot_setup);
    tcase_add_test(tc, test_level_input);
    tcase_add_test(tc, test_edge_input);
    tcase_add_test(tc, test_ppi_input);
    tcase_add_test(tc, test_irq_fiq_by_group_and_state);
    tcase_add_test(tc, test_group_enables);
    tcase_add_test(tc, test_redistributor_asleep_forwards_nothing);
    tcase_add_test(tc, test_priority_mask);
    tcase_add_test(tc, test_nonsecure_priority_view);
    tcase_add_test(tc, test_ack_and_eoi_mode0);
    tcase_add_test(tc, test_eoi_mode1_and_dir);
    tcase_add_test(tc, test_level_active_and_pending);
    tcase_add_test(tc, test_preemption_and_binary_point);
    tcase_add_test(tc, test_priority_order);
    tcase_add_test(tc, test_hppir_and_group_visibility);
    tcase_add_test(tc, test_group0_ack_and_eoi);
    tcase_add_test(tc, test_sgi_to_self);
    tcase_add_test(tc, test_sgi_group_rules);
    tcase_add_test(tc, test_sgi_targets);
    tcase_add_test(tc, test_irouter_one_core);
    tcase_add_test(tc, test_two_cores);
    tcase_add_test(tc, test_sre_registers_and_enables);
    tcase_add_test(tc, test_ich_hcr_traps);
    tcase_add_test(tc, test_scr_el3_traps);
    tcase_add_test(tc, test_undefined_without_gic_or_register);
    tcase_add_test(tc, test_ctlr_el3);
    tcase_add_test(tc, test_vtr_vmcr_and_lr_fields);
    tcase_add_test(tc, test_lr_virq_ack_and_eoi);
    tcase_add_test(tc, test_lr_group0_is_vfiq);
    tcase_add_test(tc, test_virtual_masking);
    tcase_add_test(tc, test_lr_hw_deactivates_physical);
    tcase_add_test(tc, test_virtual_eoi_mode1_and_dir);
    tcase_add_test(tc, test_eoi_maintenance);
    tcase_add_test(tc, test_underflow_and_no_pending_maintenance);
    tcase_add_test(tc, test_eoicount_maintenance);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return h_run_suite(gic_suite()); }
