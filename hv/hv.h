/* SPDX-License-Identifier: MIT */
/* The reference hypervisor's shared contracts: trap frame, system-register access, console,
 * semihosting exit, the EL-switching helpers in entry.S, and the scenario entry points. */
#ifndef HV_HV_H
#define HV_HV_H

#include <stdint.h>

/* Which scenarios an image runs: 0 (or undefined) runs them all in order; n runs only
 * scenario n. Set with -DSCENARIO=n by hv/meson.build. */
#ifndef SCENARIO
#define SCENARIO 0
#endif

/* ---- Trap frame: the layout is shared with vectors.S (FRAME_* offsets there) ---- */
struct trap_frame {
    uint64_t x[31];   /* x0..x30 of the interrupted context, at offset 8*n */
    uint64_t elr;     /* 248: ELR_ELx; written back on return, so handlers may advance it */
    uint64_t spsr;    /* 256: SPSR_ELx; written back on return */
    uint64_t esr;     /* 264: ESR_ELx, read only */
    uint64_t far;     /* 272: FAR_ELx, read only */
    uint64_t pad;     /* 280: keeps the frame a multiple of 16 bytes (SP alignment) */
};
_Static_assert(sizeof(struct trap_frame) == 288, "trap frame layout is shared with vectors.S");

/* Vector table entry index (offset / 0x80), Arm ARM, "Exception vectors". */
enum {
    VEC_CUR_SP0_SYNC = 0, VEC_CUR_SPX_SYNC = 4, VEC_LOWER64_SYNC = 8, VEC_LOWER32_SYNC = 12,
};
/* The EL1 redirection vector (redirect.S) bounces every exception to EL2 with
 * HVC #(REDIRECT_HVC_BASE + vector index), so EL2 knows which EL1 vector was taken. */
#define REDIRECT_HVC_BASE 0x100

/* ---- System registers ---- */
#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")

static inline unsigned current_el(void) { return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3; }

/* ESR_ELx fields (Arm ARM, ESR_ELx). */
#define ESR_EC(esr)   ((unsigned)((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)  ((uint32_t)(esr) & 0x1ffffff)
#define EC_WFX        0x01
#define EC_SVC64      0x15
#define EC_HVC64      0x16
#define EC_SYSREG     0x18

/* SCR_EL3 (Arm ARM): NS (bit 0), RES1 bits 5:4, HCE (bit 8) enables HVC, RW (bit 10) makes
 * EL2 AArch64. SMD (bit 7) stays 0: SMC is not disabled. */
#define SCR_EL3_VALUE  ((1ul << 0) | (3ul << 4) | (1ul << 8) | (1ul << 10))
/* HCR_EL2 bits (Arm ARM, HCR_EL2) used here. */
#define HCR_RW   (1ul << 31)  /* EL1 is AArch64 */
#define HCR_TSC  (1ul << 19)  /* trap SMC from EL1 */
#define HCR_TWE  (1ul << 14)  /* trap WFE from EL0/EL1 (when it would sleep) */
/* MDCR_EL2.TDA (Arm ARM, MDCR_EL2): trap EL0/EL1 accesses to debug registers, MDCCSR_EL0
 * included. */
#define MDCR_TDA (1ul << 9)
/* SCTLR values with the MMU, caches and alignment checks off: only the RES1 bits of Armv8.0
 * are set (Arm ARM, SCTLR_EL1 and SCTLR_EL2). Data accesses are then Device-nGnRnE, where an
 * unaligned access faults. */
#define SCTLR_EL2_MMU_OFF 0x30C50830ul
#define SCTLR_EL1_MMU_OFF 0x30D00800ul
/* SPSR values for an ERET (Arm ARM, SPSR_ELx): target EL and SP, DAIF all masked because
 * nothing here uses interrupts. */
#define SPSR_EL2H 0x3C9ul
#define SPSR_EL1H 0x3C5ul
#define SPSR_EL0T 0x3C0ul

/* ---- Console and exit (uart.c, semihost.c) ---- */
void uart_putc(char c);
void uart_puts(const char *s);
/* printf subset: %s %c %d %u %x with l (64-bit) and 0-padding widths, %%. */
void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* SYS_EXIT through semihosting (HLT #0xF000); usable at EL1..EL3. */
void semihost_exit(uint64_t code) __attribute__((noreturn));
/* Print "FAIL: <msg>" and exit with status 1. */
void hv_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* ---- entry.S / vectors.S ---- */
extern char el3_vectors[], hv_el2_vectors[], tramp_el2_vectors[], vmm_b_el2_vectors[];
extern char el1_guest_vectors[], el1_redirect_vectors[];
extern char el2_stack_top[], vmm_b_stack_top[], vmm_b_stack_bottom[], el1_stack_top[],
            el0_stack_top[];

/* ERET from EL3 to el2_main() at EL2h on the EL2 stack. Does not return. */
void el3_eret_to_el2(void) __attribute__((noreturn));
void el2_main(void) __attribute__((noreturn));
/* ERET from EL1 to `entry` at EL0t with SP_EL0 = `sp`. Does not return. */
void el1_eret_to_el0(void (*entry)(void), void *sp) __attribute__((noreturn));
/* Run a lower-EL guest from EL2: save the caller's callee-saved state, load `entry` (x0..x30,
 * ELR, SPSR) and ERET. Returns the value a trap handler passes to hv_guest_exit(). Exceptions
 * from the guest go to whatever VBAR_EL2 holds meanwhile. */
uint64_t hv_run_guest(const struct trap_frame *entry);
/* From a trap handler at EL2 (any EL2 stack): abandon the trap and return `code` from the
 * hv_run_guest() that started the guest. */
void hv_guest_exit(uint64_t code) __attribute__((noreturn));

/* C handlers the vector tables call: (frame, vector index). */
void el3_unexpected(struct trap_frame *f, unsigned vec);
void hv_el2_sync(struct trap_frame *f, unsigned vec);
void el2_unexpected(struct trap_frame *f, unsigned vec);
void trampoline_enter(struct trap_frame *f, unsigned vec);
void vmm_b_sync(struct trap_frame *f, unsigned vec);
void el1_unexpected(struct trap_frame *f, unsigned vec);
/* EL3 lower-EL synchronous exceptions: SMCs and emulated external aborts (hv/firmware.c). */
void el3_lower_sync(struct trap_frame *f, unsigned vec);
/* Scenario 15: core 1's EL2 vectors (vectors.S) and stacks (entry.S). */
extern char mb_el2_vectors[];
/* Scenario 16: the PCI driver's EL1 vectors and their handler. */
extern char ecam_el1_vectors[];
void ecam_el1_sync(struct trap_frame *f, unsigned vec);
extern char cpu1_el3_stack_top[], cpu1_el2_stack_top[], cpu1_el1_stack_top[];

/* ---- main.c: guest set-up and the guest-exit ABI shared by scenarios 2 and 3 ---- */
/* Guest exit: HVC #HVC_GUEST_EXIT with the guest's status in x0 (0 = the guest is happy). */
#define HVC_GUEST_EXIT 0
void guest_frame_init(struct trap_frame *f, void (*entry)(void), uint64_t spsr);
/* Prepare EL1 for a C guest: SCTLR_EL1, SP_EL1 and VBAR_EL1 = el1_guest_vectors. */
void el1_guest_prepare(void);
static inline void __attribute__((noreturn)) guest_exit(uint64_t status)
{
    register uint64_t x0 __asm__("x0") = status;
    __asm__ volatile("hvc #0" : : "r"(x0) : "memory");
    __builtin_unreachable();
}

/* ---- Scenarios: return 0 when passed, 1 when skipped; failures call hv_fail() ---- */
int scenario_redirect(void);
int scenario_dcc(void);
int scenario_wfe(void);
/* Scenarios 14 to 16 (paced I/O completions, mailbox SMP bring-up, ECAM in the monitor). */
int scenario_paced_io(void);
int scenario_mailbox_smp(void);
int scenario_ecam(void);
/* Scenario 17 (single-step): the guest under software step, EC 0x32 after each instruction. */
int scenario_single_step(void);
/* Called by hv_el2_sync for the traps each scenario owns; return 1 when handled. */
int dcc_handle_trap(struct trap_frame *f);
int wfe_handle_trap(struct trap_frame *f);
int sstep_handle_trap(struct trap_frame *f);
/* Scenario 18 (lazy FP context switch): two guests, FP state moved on the EC 0x07 trap. */
int scenario_lazy_fp(void);
int lazyfp_handle_trap(struct trap_frame *f);

#endif
