/* SPDX-License-Identifier: MIT */
/* Driver of the differential test: runs the generated blocks (hashing the state after each)
 * and the generated exception triggers at their ELs, printing one line per result. */
#include "lib/trig_c.h"

/* From the file gen.py writes. */
void diff_run_blocks(void);
extern const uint64_t diff_block_count, diff_dump;
extern uint8_t diff_scratch[1024];
/* FP programs (gen_fp.py): V0-V31 and FPSR after each block, hashed too. */
extern const uint64_t diff_vstate_size __attribute__((weak));
extern uint8_t diff_vstate[] __attribute__((weak));

struct diff_exc {
    const char *name;
    void (*fn)(void);
    char *fault, *resume;
    uint64_t el, hcr;
};
extern const struct diff_exc diff_exc_table[];
extern const uint64_t diff_exc_count;

#define FNV_OFFSET 0xcbf29ce484222325ul
#define FNV_PRIME 0x100000001b3ul

static uint64_t fnv1a(uint64_t h, const volatile uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

/* Called after block `n` with x0-x30 and NZCV saved in regs[0..31]. */
void diff_block_end(const uint64_t *regs, uint64_t n);
void diff_block_end(const uint64_t *regs, uint64_t n)
{
    uint64_t hr = fnv1a(FNV_OFFSET, (const uint8_t *)regs, 32 * 8);
    uint64_t hm = fnv1a(FNV_OFFSET, diff_scratch, sizeof(diff_scratch));
    if (&diff_vstate_size) {
        uint64_t hv = fnv1a(FNV_OFFSET, diff_vstate, 512);
        uint64_t fpsr = *(const volatile uint64_t *)(diff_vstate + 512);
        rt_printf("block %lu: regs=%016lx mem=%016lx nzcv=%x v=%016lx fpsr=%08lx\n", n, hr, hm,
                  (unsigned)(regs[31] >> 28), hv, fpsr);
        if (diff_dump)
            for (int r = 0; r < 32; r++)
                rt_printf("  v%d=%016lx%016lx\n", r, *(const volatile uint64_t *)(diff_vstate + 16 * r + 8),
                          *(const volatile uint64_t *)(diff_vstate + 16 * r));
    } else {
        rt_printf("block %lu: regs=%016lx mem=%016lx nzcv=%x\n", n, hr, hm, (unsigned)(regs[31] >> 28));
    }
    if (diff_dump) {
        for (int r = 0; r < 31; r++)
            rt_printf("  x%d=%016lx%s", r, regs[r], r % 4 == 3 ? "\n" : "");
        rt_puts("\n");
        for (unsigned i = 0; i < sizeof(diff_scratch); i += 8) {
            uint64_t v = 0;
            for (int k = 7; k >= 0; k--)
                v = v << 8 | diff_scratch[i + k];
            if (v)
                rt_printf("  mem[%03x]=%016lx\n", i, v);
        }
    }
}

#define HCR_RW (1ul << 31)

static uint64_t run_entry(uint64_t i)
{
    const struct diff_exc *e = &diff_exc_table[i];
    trig_run(e->name, e->fn, e->fault, e->resume);
    return 0;
}

/* The chain EL3 -> EL2 -> EL1 -> EL0: each level returns with the call its caller's EL
 * receives (SMC, HVC, SVC), none of which the HCR_EL2 traps under test intercept. */
static uint64_t at_el1(uint64_t i)
{
    if (diff_exc_table[i].el == 1)
        return run_entry(i);
    return rt_call_lower(run_entry, i, RT_SPSR_EL0T);
}

static uint64_t at_el2(uint64_t i)
{
    if (diff_exc_table[i].el == 2)
        return run_entry(i);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW | diff_exc_table[i].hcr);
    uint64_t r = rt_call_lower(at_el1, i, RT_SPSR_EL1H);
    RT_WRITE_SYSREG(hcr_el2, HCR_RW);
    return r;
}

int main(void)
{
    rt_printf("diff: %lu blocks\n", diff_block_count);
    diff_run_blocks();
    rt_printf("diff: %lu exceptions\n", diff_exc_count);
    rt_setup_els();
    trig_install();
    for (uint64_t i = 0; i < diff_exc_count; i++) {
        if (diff_exc_table[i].el == 3)
            run_entry(i);
        else
            rt_call_lower(at_el2, i, RT_SPSR_EL2H);
    }
    rt_printf("diff: done, %d failures\n", trig_failures);
    return trig_failures != 0;
}
