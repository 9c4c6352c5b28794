/* SPDX-License-Identifier: MIT */
/* Runner and handler for the exception-trigger stubs: prints where each exception was taken
 * and its ESR/ELR/SPSR (and FAR when the exception sets it), with addresses relative to the
 * faulting instruction so the output does not depend on the link layout. */
#include "trig_c.h"

int trig_failures;
uint8_t trig_scratch[64] __attribute__((aligned(16)));

static volatile uintptr_t cur_fault, cur_resume;
static volatile int cur_count;

static int far_is_valid(unsigned ec)
{
    /* Instruction/data aborts, PC alignment and watchpoints set FAR; others leave it UNKNOWN. */
    return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25 ||
           ec == 0x34 || ec == 0x35;
}

static void print_addr(const char *what, uint64_t a)
{
    int64_t d = (int64_t)(a - cur_fault);
    if (a - (uintptr_t)trig_scratch < sizeof(trig_scratch))
        rt_printf(" %s=scratch+0x%lx", what, a - (uintptr_t)trig_scratch);
    else if (d >= -4096 && d <= 4096)
        rt_printf(" %s=fault%c0x%lx", what, d < 0 ? '-' : '+', (uint64_t)(d < 0 ? -d : d));
    else
        rt_printf(" %s=%lx", what, a);
}

static int trig_hook(struct rt_frame *f, int el, int vec)
{
    unsigned ec = ESR_EC(f->esr);
    rt_printf("  -> EL%d vec=0x%03x ESR=%08lx", el, vec * 0x80, f->esr);
    print_addr("ELR", f->elr);
    rt_printf(" SPSR=%08lx", f->spsr);
    if (far_is_valid(ec))
        print_addr("FAR", f->far);
    rt_puts("\n");
    cur_count++;
    if (!cur_resume || cur_count > 4) {
        rt_puts("  no resume point: giving up\n");
        rt_exit(2);
    }
    f->elr = cur_resume;
    f->spsr &= ~(1ul << 20); /* clear PSTATE.IL after an illegal exception return */
    return 0;
}

void trig_install(void)
{
    rt_exc_hook = trig_hook;
}

void trig_run(const char *name, void (*fn)(void), char *fault, char *resume)
{
    rt_printf("%s:\n", name); /* no CurrentEL here: it is UNDEFINED at EL0 */
    cur_fault = (uintptr_t)fault;
    cur_resume = (uintptr_t)resume;
    cur_count = 0;
    fn();
    cur_resume = 0;
    if (cur_count != 1) {
        rt_printf("  FAIL: %d exceptions\n", cur_count);
        trig_failures++;
    }
}
