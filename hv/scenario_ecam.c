/* SPDX-License-Identifier: MIT */
/* Scenario 16 (seed 004, "PCI ECAM emulation in the secure monitor"): a platform device is
 * presented as a PCI function through an emulated ECAM window. The window is unbacked, so the
 * normal world's configuration accesses take synchronous external aborts, which SCR_EL3.EA
 * routes to the secure monitor (EL3); it decodes the faulting load or store, emulates the
 * configuration space access and returns. A PCI driver at EL1 probes bus 0 and finds it. */
#include "firmware.h"

/* QEMU virt's low ECAM window: with its high ECAM in use (the default) QEMU maps nothing here,
 * and tetrarch has no PCI at all; both abort accesses to it. 16 MiB: buses 0-15. */
#define ECAM_BASE      0x3f000000ul
#define ECAM_SIZE      0x01000000ul
#define ECAM_ADDR(bus, dev, fn, reg) \
    (ECAM_BASE | (uint64_t)(bus) << 20 | (uint64_t)(dev) << 15 | (uint64_t)(fn) << 12 | (reg))

/* The emulated function, 00:01.0: a shim for the board's PL031 RTC, so that a PCI driver can
 * find and use it. The IDs are made up for this test (under VMware's vendor ID, the patent's
 * applicant); the class is "base system peripheral, RTC controller"; BAR0 is a 4 KiB 32-bit
 * memory BAR that the firmware assigned to the RTC's registers; INTA is wired to the RTC's
 * interrupt (SPI 2, INTID 34). */
#define SHIM_DEV       1
#define SHIM_VENDOR    0x15adu
#define SHIM_DEVICE    0xa031u
#define SHIM_CLASS_REV 0x08030001u      /* class 08 03 00, revision 1 */
#define SHIM_BAR0      0x09010000u
#define SHIM_BAR0_SIZE 0x1000u
#define SHIM_INT_LINE  34u
#define PCI_CMD_MEM    0x0002u
#define PCI_CMD_RW     0x0406u          /* memory space, bus master, INTx disable */

#define SCR_EA         (1ul << 3)
#define DFSC_SYNC_EXT  0x10u
#define ISS_FNV        (1u << 10)

#define ECAM_GUEST_OK          0
#define ECAM_GUEST_WRONG       1
#define ECAM_GUEST_NOT_ROUTED  2   /* the abort came to EL1: SCR_EL3.EA was not honoured */
/* What the driver does: one read per slot, then class, header type, BAR0 sizing (read, write
 * all-ones, read, restore), interrupt pin and line, command read and write. */
#define ECAM_EXPECTED_ACCESSES (32 + 1 + 1 + 4 + 1 + 2)

/* ---------------- EL3: the monitor ---------------- */

static struct {
    int on;
    unsigned reads, writes;
    uint64_t first_esr, first_far;
    uint16_t command;                   /* the shim's writable state */
    uint32_t bar0;
    uint8_t int_line;
} ecam;

uint64_t ecam_monitor_on(uint64_t base)
{
    if (ecam.on || base != ECAM_BASE)
        return (uint64_t)PSCI_INVALID_PARAMS;
    memset(&ecam, 0, sizeof(ecam));
    ecam.on = 1;
    ecam.bar0 = SHIM_BAR0;
    ecam.int_line = SHIM_INT_LINE;
    write_sysreg(scr_el3, read_sysreg(scr_el3) | SCR_EA);
    isb();
    hv_printf("  fw: ECAM window 0x%lx-0x%lx (buses 0-15) emulated; SCR_EL3.EA <- 1\n",
              ECAM_BASE, ECAM_BASE + ECAM_SIZE - 1);
    return 0;
}

uint64_t ecam_monitor_off(void)
{
    write_sysreg(scr_el3, read_sysreg(scr_el3) & ~SCR_EA);
    isb();
    ecam.on = 0;
    if (ecam.reads + ecam.writes)
        hv_printf("  fw: first abort: ESR_EL3 0x%lx (EC 0x%x, ISV %lu, DFSC 0x%lx), FAR_EL3 0x%lx\n",
                  ecam.first_esr, ESR_EC(ecam.first_esr), (ecam.first_esr >> 24) & 1,
                  ecam.first_esr & 0x3f, ecam.first_far);
    hv_printf("  fw: ECAM emulation off after %u reads and %u writes; SCR_EL3.EA <- 0\n",
              ecam.reads, ecam.writes);
    return ecam.reads + ecam.writes;
}

/* The PA of a Non-secure EL1&0 VA, through both stages as the guest sees them; ~0 if it does
 * not translate. PAR_EL1 is the guest's register: it is given back unchanged. */
static uint64_t el3_guest_pa(uint64_t va)
{
    uint64_t saved = read_sysreg(par_el1), par;
    __asm__ volatile("at s12e1r, %1\n isb\n mrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
    write_sysreg(par_el1, saved);
    return par & 1 ? ~0ul : (par & 0xfffffffff000ul) | (va & 0xfff);
}

/* Type 0 header of the shim, one doubleword at a time. Unlisted registers read 0. */
static uint32_t shim_read32(unsigned reg)
{
    switch (reg) {
    case 0x00: return SHIM_DEVICE << 16 | SHIM_VENDOR;
    case 0x04: return ecam.command;                     /* status 0: no capabilities */
    case 0x08: return SHIM_CLASS_REV;
    case 0x0c: return 0;                                /* header type 0, single function */
    case 0x10: return ecam.bar0;                        /* memory, 32-bit, non-prefetchable */
    case 0x2c: return SHIM_DEVICE << 16 | SHIM_VENDOR;  /* subsystem IDs */
    case 0x3c: return 1u << 8 | ecam.int_line;          /* INTA */
    default:   return 0;
    }
}

static void shim_write32(unsigned reg, uint32_t v, uint32_t bytes_mask)
{
    uint32_t old = shim_read32(reg), nv = (old & ~bytes_mask) | (v & bytes_mask);
    switch (reg) {
    case 0x04: ecam.command = (uint16_t)(nv & PCI_CMD_RW); break;
    case 0x10: ecam.bar0 = nv & ~(SHIM_BAR0_SIZE - 1); break;  /* sizing: low bits stay 0 */
    case 0x3c: ecam.int_line = (uint8_t)nv; break;
    default: break;                                             /* read-only */
    }
}

/* Emulate one configuration access of 1, 2 or 4 bytes at ECAM offset `off`. Functions other
 * than the shim do not exist: reads return all ones, writes are ignored. */
static uint64_t ecam_access(uint64_t off, unsigned bytes, int write, uint64_t value)
{
    unsigned bus = (unsigned)(off >> 20), dev = (off >> 15) & 31, fn = (off >> 12) & 7;
    unsigned reg = off & 0xfff, shift = (reg & 3) * 8;
    uint32_t mask = bytes == 4 ? ~0u : ((1u << (8 * bytes)) - 1) << shift;
    int shim = bus == 0 && dev == SHIM_DEV && fn == 0;
    if (write) {
        ecam.writes++;
        if (shim)
            shim_write32(reg & ~3u, (uint32_t)(value << shift), mask);
        return 0;
    }
    ecam.reads++;
    uint32_t v = shim ? shim_read32(reg & ~3u) : ~0u;
    return (v & mask) >> shift;
}

int ecam_handle_abort(struct trap_frame *f)
{
    uint32_t iss = ESR_ISS(f->esr);
    if (!ecam.on || (iss & 0x3f) != DFSC_SYNC_EXT || (iss & ISS_FNV))
        return 0;
    uint64_t pa = el3_guest_pa(f->far);
    if (pa < ECAM_BASE || pa >= ECAM_BASE + ECAM_SIZE)
        return 0;
    if (!ecam.reads && !ecam.writes) {
        ecam.first_esr = f->esr;
        ecam.first_far = f->far;
    }
    /* ISV is 0 for an external abort taken to EL3: the instruction itself says what to do.
     * Loads and stores of one general-purpose register, no writeback: unsigned offset, unscaled
     * (LDUR/STUR) and register offset (Arm ARM, "Loads and Stores"). */
    uint64_t ipa = el3_guest_pa(f->elr);
    if (ipa == ~0ul)
        hv_fail("ECAM: cannot translate ELR_EL3 0x%lx", f->elr);
    uint32_t insn = *(volatile uint32_t *)ipa;
    if ((insn & 0x3f000000) != 0x39000000 && (insn & 0x3f200c00) != 0x38000000 &&
        (insn & 0x3f200c00) != 0x38200800)
        hv_fail("ECAM: cannot emulate instruction 0x%08x at 0x%lx", insn, f->elr);
    unsigned size = insn >> 30, opc = (insn >> 22) & 3, rt = insn & 31, bytes = 1u << size;
    if (size == 3 || (opc == 3 && size == 2) || (pa & (bytes - 1)))
        hv_fail("ECAM: unsupported access, instruction 0x%08x at PA 0x%lx", insn, pa);
    if (opc == 0) {
        ecam_access(pa - ECAM_BASE, bytes, 1, rt == 31 ? 0 : f->x[rt]);
    } else {
        uint64_t v = ecam_access(pa - ECAM_BASE, bytes, 0, 0);
        unsigned bits = 8 * bytes;
        if (opc >= 2 && (v >> (bits - 1)) & 1)          /* LDRSB, LDRSH, LDRSW */
            v |= ~0ul << bits;
        if (opc == 3)                                   /* to a W register */
            v &= 0xffffffffu;
        if (rt != 31)
            f->x[rt] = v;
    }
    f->elr += 4;
    return 1;
}

/* ---------------- EL1: the PCI driver ---------------- */

static uint32_t cfg_read32(uint64_t a)
{
    uint32_t v;
    __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return v;
}

static uint16_t cfg_read16(uint64_t a)
{
    uint32_t v;
    __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return (uint16_t)v;
}

static uint8_t cfg_read8(uint64_t a)
{
    uint32_t v;
    __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return (uint8_t)v;
}

static void cfg_write32(uint64_t a, uint32_t v)
{
    __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static void cfg_write16(uint64_t a, uint16_t v)
{
    __asm__ volatile("strh %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory");
}

/* A synchronous exception at EL1. The only one that may come is a synchronous external abort
 * on the ECAM window (EC 0x25, DFSC 0x10) that was not routed to EL3: the Arm ARM routes it
 * there when SCR_EL3.EA = 1 (AArch64.DataAbort), but an implementation that does not (QEMU)
 * delivers it here; the driver then gives up and says so. */
void ecam_el1_sync(struct trap_frame *f, unsigned vec)
{
    if (vec != 4 || ESR_EC(f->esr) != 0x25 || (ESR_ISS(f->esr) & 0x3f) != DFSC_SYNC_EXT ||
        f->far < ECAM_BASE || f->far >= ECAM_BASE + ECAM_SIZE)
        el1_unexpected(f, vec);
    hv_printf("  guest: external abort at 0x%lx taken at EL1 (ESR_EL1 0x%lx), not by the monitor\n",
              f->far, f->esr);
    guest_exit(ECAM_GUEST_NOT_ROUTED);
}

static void ecam_guest(void)
{
    write_sysreg(vbar_el1, ecam_el1_vectors);
    isb();
    hv_printf("  guest: probing PCI bus 0 through the ECAM window at 0x%lx\n", ECAM_BASE);
    unsigned found = 0, wrong = 0;
    int slot = -1;
    for (unsigned dev = 0; dev < 32; dev++) {
        uint32_t id = cfg_read32(ECAM_ADDR(0, dev, 0, 0x00));
        if ((id & 0xffff) == 0xffff)
            continue;
        found++;
        slot = (int)dev;
        hv_printf("  guest: 00:%02u.0 [%04x:%04x]\n", dev, id & 0xffff, id >> 16);
    }
    if (found != 1 || slot != SHIM_DEV)
        guest_exit(ECAM_GUEST_WRONG);

    uint32_t cr = cfg_read32(ECAM_ADDR(0, slot, 0, 0x08));
    uint8_t hdr = cfg_read8(ECAM_ADDR(0, slot, 0, 0x0e));
    hv_printf("  guest: 00:%02d.0 class 0x%06x rev 0x%02x, header type 0x%02x\n",
              slot, cr >> 8, cr & 0xff, hdr);

    uint64_t bar = ECAM_ADDR(0, slot, 0, 0x10);
    uint32_t orig = cfg_read32(bar);
    cfg_write32(bar, ~0u);
    uint32_t sz_mask = cfg_read32(bar);
    cfg_write32(bar, orig);
    uint32_t size = ~(sz_mask & ~0xfu) + 1;
    hv_printf("  guest: BAR0 0x%08x: %s, %s, size 0x%x\n", orig & ~0xfu,
              (orig & 6) == 4 ? "64-bit memory" : (orig & 1) ? "I/O" : "32-bit memory",
              (orig & 8) ? "prefetchable" : "non-prefetchable", size);

    uint16_t irq = cfg_read16(ECAM_ADDR(0, slot, 0, 0x3c));
    hv_printf("  guest: interrupt pin INT%c, line %u\n", 'A' + (irq >> 8) - 1, irq & 0xff);

    uint64_t cmd_a = ECAM_ADDR(0, slot, 0, 0x04);
    uint16_t cmd = cfg_read16(cmd_a);
    cfg_write16(cmd_a, cmd | PCI_CMD_MEM);

    /* Bound to the device: its registers through BAR0, here the PrimeCell identification. */
    volatile uint32_t *regs = (volatile uint32_t *)(uint64_t)(orig & ~0xfu);
    uint32_t pid = 0, cid = 0;
    for (unsigned i = 0; i < 4; i++) {
        pid |= (regs[(0xfe0 >> 2) + i] & 0xff) << (8 * i);
        cid |= (regs[(0xff0 >> 2) + i] & 0xff) << (8 * i);
    }
    hv_printf("  guest: memory decoding on; through BAR0: PrimeCell ID 0x%08x, part 0x%03x, "
              "designer 0x%02x\n", cid, pid & 0xfff, (pid >> 12) & 0xff);
    wrong |= hdr != 0 || size != SHIM_BAR0_SIZE || cid != 0xb105f00du || (pid & 0xfff) != 0x031;
    guest_exit(wrong ? ECAM_GUEST_WRONG : ECAM_GUEST_OK);
}

/* ---------------- EL2 ---------------- */

int scenario_ecam(void)
{
    hv_printf("[scenario 16] ecam: PCI configuration space emulated by the secure monitor\n");
    hv_printf("  hv: SiP SMC: ECAM on at 0x%lx\n", ECAM_BASE);
    uint64_t r = smc_call(FW_SIP_ECAM_ON, ECAM_BASE, 0, 0);
    if (r != 0)
        hv_fail("scenario 16: ECAM on returned 0x%lx", r);
    hv_printf("  hv: ERET to the PCI driver at EL1 (stage 2 off: its accesses reach the bus)\n");
    el1_guest_prepare();
    struct trap_frame entry;
    guest_frame_init(&entry, ecam_guest, SPSR_EL1H);
    uint64_t status = hv_run_guest(&entry);
    uint64_t n = smc_call(FW_SIP_ECAM_OFF, 0, 0, 0);
    write_sysreg(vbar_el1, el1_guest_vectors);
    isb();
    if (status == ECAM_GUEST_NOT_ROUTED && n == 0) {
        hv_printf("[scenario 16] skipped: SCR_EL3.EA did not route the external abort to EL3\n");
        return 1;
    }
    if (status != ECAM_GUEST_OK || n != ECAM_EXPECTED_ACCESSES)
        hv_fail("scenario 16: driver status %lu after %lu emulated accesses", status, n);
    hv_printf("  hv: driver exited; %lu configuration accesses emulated at EL3\n", n);
    hv_printf("[scenario 16] ok\n");
    return 0;
}
