/* SPDX-License-Identifier: MIT */
/* The gdb stub's monitor commands (`monitor ...` in gdb, qRcmd): exception levels, catches on
 * exception entry and return, table walks, the TLB, traces and physical addressing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/sysreg.h"
#include "mmu/mmu.h"
#include "mmu/tlb.h"
#include "sim/gdb_internal.h"
#include "sim/outfile.h"
#include "sim/parse.h"
#include "sim/trace.h"

static const char help_text[] =
    "tetrarch monitor commands (numbers in C syntax: 0x1f, 31):\n"
    "  el                             every core's EL, SP selection, security state and PC\n"
    "  catch exception [el=N] [ec=X]  stop when an exception is taken (to EL N; class X)\n"
    "  catch eret [el=N]              stop after an exception return (to EL N)\n"
    "  catch off                      remove the catches (also: catch delete); catch: list them\n"
    "  step-el                        stop the current core at its next EL change (then: continue)\n"
    "  translate VA [el=N]            walk stage 1 and stage 2 for VA in EL N's regime (default:\n"
    "                                 the current EL), showing every descriptor read; VA is a\n"
    "                                 number or a register of the current core: far_el2, x0, pc\n"
    "  tlb                            the current core's TLB entries with their VMID/ASID tags\n"
    "  trace on FILE | trace off      record a trace: Tarmac if FILE ends in .tarmac, else binary\n"
    "  phys on|off                    on: gdb's memory accesses take physical addresses\n"
    "  step-irq on|off                off: a step never takes an interrupt from the GIC\n"
    "  help                           this text\n";

/* ============================== Words and numbers ========================= */

#define MAX_WORDS 8

static int split_words(char *line, char **w)
{
    int n = 0;
    char *save = NULL;
    for (char *s = strtok_r(line, " \t", &save); s && n < MAX_WORDS; s = strtok_r(NULL, " \t", &save))
        w[n++] = s;
    return n;
}

/* "key=NUMBER" with key `key`: 1 matched, 0 another word, -1 a bad number. */
static int keyword(const char *w, const char *key, uint64_t *v)
{
    size_t n = strlen(key);
    if (strncmp(w, key, n) != 0 || w[n] != '=')
        return 0;
    return parse_number(w + n + 1, v) ? 1 : -1;
}

/* A number, or the name of one of the current core's registers (x0-x30, sp, pc, or a system
 * register such as far_el2, any case, an optional '$'): gdb does not expand $far_el2 in a
 * monitor command, so the stub reads the register itself. False for anything else, and for
 * registers whose read has an effect or that cannot be read. */
static bool value_or_register(GdbStub *g, const char *w, uint64_t *v)
{
    if (parse_number(w, v))
        return true;
    CPU *c = gdb_cur_cpu(g);
    const char *name = w[0] == '$' ? w + 1 : w;
    char *end;
    if ((name[0] == 'x' || name[0] == 'X') && name[1] >= '0' && name[1] <= '9') {
        unsigned long n = strtoul(name + 1, &end, 10);
        if (*end == 0 && n <= 30) {
            *v = c->x[n];
            return true;
        }
        return false;
    }
    if (strcasecmp(name, "pc") == 0) {
        *v = c->pc;
        return true;
    }
    if (strcasecmp(name, "sp") == 0) {
        *v = c->sp;
        return true;
    }
    int id = sysreg_by_name(name);
    if (id < 0 || sysreg_table[id].access == WO || id == SR_ICC_IAR0_EL1 || id == SR_ICC_IAR1_EL1)
        return false;
    *v = sysreg_read(c, id);
    return true;
}

/* ============================== Names ===================================== */

static const char *ec_name(unsigned ec)
{
    switch (ec) {
    case 0x00: return "unknown";
    case 0x01: return "WFI/WFE";
    case 0x07: return "FP/SIMD access";
    case 0x0e: return "illegal state";
    case 0x15: return "SVC";
    case 0x16: return "HVC";
    case 0x17: return "SMC";
    case 0x18: return "MSR/MRS/system";
    case 0x20: return "instruction abort, lower EL";
    case 0x21: return "instruction abort, same EL";
    case 0x22: return "PC alignment";
    case 0x24: return "data abort, lower EL";
    case 0x25: return "data abort, same EL";
    case 0x26: return "SP alignment";
    case 0x2c: return "FP exception";
    case 0x2f: return "SError";
    case 0x30: return "breakpoint, lower EL";
    case 0x31: return "breakpoint, same EL";
    case 0x32: return "software step, lower EL";
    case 0x33: return "software step, same EL";
    case 0x34: return "watchpoint, lower EL";
    case 0x35: return "watchpoint, same EL";
    case 0x3c: return "BRK";
    default: return "other";
    }
}

static const char *regime_name(unsigned r)
{
    static const char *names[] = {"EL1&0", "EL2&0", "EL2", "EL3"};
    return r < REGIME_COUNT ? names[r] : "?";
}

static void size_name(unsigned log2, char *buf, size_t len)
{
    static const char units[] = "KMGT";
    unsigned u = log2 >= 40 ? 3 : log2 >= 30 ? 2 : log2 >= 20 ? 1 : 0;
    snprintf(buf, len, "%llu%c", 1ULL << (log2 - 10 - 10 * u), units[u]);
}

static const char *attr_name(uint8_t attr)
{
    switch (attr) {
    case 0x00: return "Device-nGnRnE";
    case 0x04: return "Device-nGnRE";
    case 0x08: return "Device-nGRE";
    case 0x0c: return "Device-GRE";
    case 0x44: return "Normal NC";
    case 0xaa: return "Normal WT";
    case 0xff: return "Normal WB";
    default: return (attr >> 4) == 0 ? "Device" : "Normal";
    }
}

static const char *sh_name(uint8_t sh)
{
    return sh == 3 ? "inner-shareable" : sh == 2 ? "outer-shareable" : "non-shareable";
}

/* Stage-1 permissions: "EL1 RWX EL0 R--" (two privilege levels) or "RWX". */
static void perm_name(const Translation *t, char *buf, size_t len)
{
    unsigned p = t->perm;
    if (p == (PERM_PR | PERM_PW | PERM_PX | PERM_UR | PERM_UW | PERM_UX)) {
        snprintf(buf, len, "stage 1 off");
        return;
    }
    char priv[4] = {p & PERM_PR ? 'R' : '-', p & PERM_PW ? 'W' : '-', p & PERM_PX ? 'X' : '-', 0};
    char user[4] = {p & PERM_UR ? 'R' : '-', p & PERM_UW ? 'W' : '-', p & PERM_UX ? 'X' : '-', 0};
    if (t->regime == REGIME_EL2 || t->regime == REGIME_EL3)
        snprintf(buf, len, "%s", priv);
    else
        snprintf(buf, len, "%s %s EL0 %s", t->regime == REGIME_EL20 ? "EL2" : "EL1", priv, user);
}

static void s2_perm_name(unsigned p, char *buf, size_t len)
{
    snprintf(buf, len, "%c%c%c", p & S2_R ? 'R' : '-', p & S2_W ? 'W' : '-', p & S2_X ? 'X' : '-');
}

/* ============================== el ======================================== */

static void cmd_el(GdbStub *g, GdbText *out)
{
    Machine *m = g->m;
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        gdb_text_printf(out, "%c cpu%d: EL%u%c %-2s pc 0x%016llx%s\n", i == g->cur_cpu ? '*' : ' ', i, c->ps.el,
                        c->ps.sp ? 'h' : 't', is_secure(c) ? "S" : "NS", (unsigned long long)c->pc,
                        c->off ? " (off)" : c->halted ? " (halted)" : c->wait_state == WAIT_WFI ? " (WFI)"
                                                        : c->wait_state == WAIT_WFE ? " (WFE)" : "");
    }
}

/* ============================== catch and step-el ========================= */

static void list_catches(GdbStub *g, GdbText *out)
{
    const GdbCatch *k = &g->catch_;
    if (!k->exc && !k->eret && k->step_el_cpu < 0)
        gdb_text_printf(out, "no catches\n");
    if (k->exc) {
        gdb_text_printf(out, "catch exception");
        if (k->exc_el >= 0)
            gdb_text_printf(out, " el=%d", k->exc_el);
        if (k->exc_ec >= 0)
            gdb_text_printf(out, " ec=0x%02x (%s)", k->exc_ec, ec_name((unsigned)k->exc_ec));
        gdb_text_printf(out, "\n");
    }
    if (k->eret) {
        gdb_text_printf(out, "catch eret");
        if (k->eret_el >= 0)
            gdb_text_printf(out, " el=%d", k->eret_el);
        gdb_text_printf(out, "\n");
    }
    if (k->step_el_cpu >= 0)
        gdb_text_printf(out, "step-el: cpu%d, from EL%u\n", k->step_el_cpu, k->step_el_from);
}

static void cmd_catch(GdbStub *g, char **w, int n, GdbText *out)
{
    GdbCatch *k = &g->catch_;
    if (n == 1) {
        list_catches(g, out);
        return;
    }
    if (strcmp(w[1], "off") == 0 || strcmp(w[1], "delete") == 0) {
        k->exc = k->eret = false;
        k->step_el_cpu = -1;
        gdb_text_printf(out, "catches removed\n");
        return;
    }
    bool exc = strcmp(w[1], "exception") == 0;
    if (!exc && strcmp(w[1], "eret") != 0) {
        gdb_text_printf(out, "catch: expected exception, eret or off\n");
        return;
    }
    int el = -1, ec = -1;
    for (int i = 2; i < n; i++) {
        uint64_t v;
        int r;
        if ((r = keyword(w[i], "el", &v)) != 0) {
            if (r < 0 || v > 3) {
                gdb_text_printf(out, "catch: el must be 0-3\n");
                return;
            }
            el = (int)v;
        } else if (exc && (r = keyword(w[i], "ec", &v)) != 0) {
            if (r < 0 || v > 0x3f) {
                gdb_text_printf(out, "catch: ec must be an exception class, 0x00-0x3f\n");
                return;
            }
            ec = (int)v;
        } else {
            gdb_text_printf(out, "catch: unknown argument '%s'\n", w[i]);
            return;
        }
    }
    if (exc) {
        k->exc = true;
        k->exc_el = el;
        k->exc_ec = ec;
    } else {
        k->eret = true;
        k->eret_el = el;
    }
    list_catches(g, out);
}

bool gdb_catch_matches(struct GdbStub *g, const TransitionEvent *ev)
{
    GdbCatch *k = &g->catch_;
    const char *why = NULL;
    if (k->step_el_cpu == ev->cpu && ev->to_el != k->step_el_from) {
        why = "step-el";
        k->step_el_cpu = -1;
    } else if (ev->is_eret && k->eret && (k->eret_el < 0 || (int)ev->to_el == k->eret_el)) {
        why = "catch eret";
    } else if (!ev->is_eret && k->exc && (k->exc_el < 0 || (int)ev->to_el == k->exc_el) &&
               (k->exc_ec < 0 || ((ev->type == EXC_SYNC || ev->type == EXC_SERROR) && (int)ev->ec == k->exc_ec))) {
        why = "catch exception";
    }
    if (!why)
        return false;
    if (ev->is_eret) {
        snprintf(g->catch_msg, sizeof g->catch_msg, "tetrarch: cpu%d: eret EL%u -> EL%u to 0x%llx (%s)\n", ev->cpu,
                 ev->from_el, ev->to_el, (unsigned long long)ev->pc, why);
    } else if (ev->type == EXC_SYNC || ev->type == EXC_SERROR) {
        snprintf(g->catch_msg, sizeof g->catch_msg,
                 "tetrarch: cpu%d: exception EC 0x%02x (%s) EL%u -> EL%u, ELR 0x%llx, vector 0x%llx (%s)\n", ev->cpu,
                 ev->ec, ec_name(ev->ec), ev->from_el, ev->to_el, (unsigned long long)ev->elr,
                 (unsigned long long)ev->pc, why);
    } else {
        snprintf(g->catch_msg, sizeof g->catch_msg,
                 "tetrarch: cpu%d: %s EL%u -> EL%u, ELR 0x%llx, vector 0x%llx (%s)\n", ev->cpu,
                 ev->type == EXC_IRQ ? "IRQ" : "FIQ", ev->from_el, ev->to_el, (unsigned long long)ev->elr,
                 (unsigned long long)ev->pc, why);
    }
    return true;
}

static void cmd_step_el(GdbStub *g, GdbText *out)
{
    CPU *c = gdb_cur_cpu(g);
    g->catch_.step_el_cpu = g->cur_cpu;
    g->catch_.step_el_from = c->ps.el;
    gdb_text_printf(out, "step-el: cpu%d stops at its next change from EL%u (continue to run)\n", g->cur_cpu,
                    c->ps.el);
}

/* ============================== translate ================================= */

static const char *desc_kind(const WalkStep *s)
{
    if (!(s->desc & 1) || (s->level == 3 && !(s->desc & 2)))
        return "invalid";
    if (s->level == 3)
        return "page";
    return (s->desc & 2) ? "table" : "block";
}

static void print_steps(const WalkTrace *tr, GdbText *out)
{
    for (unsigned i = 0; i < tr->n; i++) {
        const WalkStep *s = &tr->step[i];
        const char *indent = s->s1ptw ? "      " : "  ";
        gdb_text_printf(out, "%sstage %u level %d%s: descriptor", indent, s->stage, s->level,
                        s->s1ptw ? " (stage-1 table address)" : "");
        if (s->desc_addr != s->desc_pa)
            gdb_text_printf(out, " at IPA 0x%llx PA 0x%llx", (unsigned long long)s->desc_addr,
                            (unsigned long long)s->desc_pa);
        else
            gdb_text_printf(out, " at PA 0x%llx", (unsigned long long)s->desc_pa);
        gdb_text_printf(out, " = 0x%016llx %s\n", (unsigned long long)s->desc, desc_kind(s));
    }
}

static const char *fault_name(unsigned type)
{
    switch (type) {
    case FAULT_ADDR_SIZE: return "address size fault";
    case FAULT_TRANSLATION: return "translation fault";
    case FAULT_ACCESS_FLAG: return "access flag fault";
    case FAULT_PERMISSION: return "permission fault";
    case FAULT_EXT_ABORT: return "external abort on the walk";
    default: return "fault";
    }
}

static void cmd_translate(GdbStub *g, char **w, int n, GdbText *out)
{
    CPU *c = gdb_cur_cpu(g);
    uint64_t va, el = c->ps.el;
    if (n < 2) {
        gdb_text_printf(out, "usage: translate VA [el=N] (VA: a number or a register such as far_el2)\n");
        return;
    }
    if (!value_or_register(g, w[1], &va)) {
        gdb_text_printf(out, "translate: '%s' is neither a number nor a readable register of cpu%d\n", w[1],
                        g->cur_cpu);
        return;
    }
    for (int i = 2; i < n; i++) {
        int r = keyword(w[i], "el", &el);
        if (r <= 0 || el > 3) {
            gdb_text_printf(out, "translate: unknown argument '%s' (el=0-3)\n", w[i]);
            return;
        }
    }
    enum Regime regime = mmu_regime(c, (unsigned)el);
    /* As the stub reads memory: a probe without TLBs, side effects or permission faults. */
    AccessDesc ad = {.at = true, .cache_maint = true};
    static WalkTrace tr;
    Translation t;
    TransFault f;
    bool ok = mmu_walk_traced(c, regime, el ? (unsigned)el : 1, va, &ad, &t, &f, &tr);
    gdb_text_printf(out, "cpu%d VA 0x%llx, EL%u: %s regime\n", g->cur_cpu, (unsigned long long)va, (unsigned)el,
                    regime_name(regime));
    print_steps(&tr, out);
    if (!ok) {
        gdb_text_printf(out, "  %s, stage %u level %d", fault_name(f.type), f.stage, f.level);
        if (f.stage == 2)
            gdb_text_printf(out, " (IPA 0x%llx%s)", (unsigned long long)f.ipa, f.s1ptw ? ", on the stage-1 walk" : "");
        gdb_text_printf(out, "\n");
        return;
    }
    uint64_t pa = t.oa | (va & ((1ULL << t.size_log2) - 1));
    char size[24], perm[32], s2perm[8];
    size_name(t.size_log2, size, sizeof size);
    perm_name(&t, perm, sizeof perm);
    s2_perm_name(t.s2_perm, s2perm, sizeof s2perm);
    bool s1_on = t.perm != (PERM_PR | PERM_PW | PERM_PX | PERM_UR | PERM_UW | PERM_UX);
    if (t.stage2) {
        uint64_t ipa = t.ipa | (va & ((1ULL << t.size_log2) - 1));
        gdb_text_printf(out, "  stage 1: VA 0x%llx -> IPA 0x%llx%s\n", (unsigned long long)va,
                        (unsigned long long)ipa, s1_on ? "" : " (stage 1 off)");
        gdb_text_printf(out, "  stage 2: IPA 0x%llx -> PA 0x%llx (VMID %u)\n", (unsigned long long)ipa,
                        (unsigned long long)pa, t.vmid);
    } else if (!s1_on) {
        gdb_text_printf(out, "  stage 1 off: VA = PA\n");
    }
    gdb_text_printf(out, "  PA 0x%llx %s, %s %s, %s (attr 0x%02x), %s, %s", (unsigned long long)pa, t.ns ? "NS" : "S",
                    size, s1_on ? (t.level == 3 ? "page" : "block") : "flat", attr_name(t.attr), t.attr,
                    sh_name(t.sh), perm);
    if (t.stage2)
        gdb_text_printf(out, ", stage 2 %s", s2perm);
    if (s1_on && (regime == REGIME_EL10 || regime == REGIME_EL20)) {
        if (t.global)
            gdb_text_printf(out, ", global");
        else
            gdb_text_printf(out, ", nG ASID %u", t.asid);
    }
    gdb_text_printf(out, "\n");
}

/* ============================== tlb ======================================= */

typedef struct {
    Translation tr;
    bool secure;
} TlbRow;

typedef struct {
    TlbRow *rows;
    size_t n, cap;
} TlbRows;

static void collect_row(void *opaque, const Translation *tr, bool secure)
{
    TlbRows *r = opaque;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        TlbRow *rows = realloc(r->rows, cap * sizeof *rows);
        if (!rows)
            return;
        r->rows = rows;
        r->cap = cap;
    }
    r->rows[r->n++] = (TlbRow){*tr, secure};
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

static int compare_rows(const void *pa, const void *pb)
{
    const TlbRow *a = pa, *b = pb;
    int d = cmp_u64(a->tr.regime, b->tr.regime);
    if (!d)
        d = cmp_u64(a->secure, b->secure);
    if (!d)
        d = cmp_u64(a->tr.vmid, b->tr.vmid);
    if (!d)
        d = cmp_u64(a->tr.global ? 0 : 1u + a->tr.asid, b->tr.global ? 0 : 1u + b->tr.asid);
    if (!d)
        d = cmp_u64(a->tr.va, b->tr.va);
    return d;
}

static void cmd_tlb(GdbStub *g, GdbText *out)
{
    CPU *c = gdb_cur_cpu(g);
    TlbRows rows = {0};
    tlb_visit(c->tlb, collect_row, &rows);
    if (rows.n)
        qsort(rows.rows, rows.n, sizeof *rows.rows, compare_rows);
    gdb_text_printf(out, "cpu%d TLB: %zu entries\n", g->cur_cpu, rows.n);
    for (size_t i = 0; i < rows.n; i++) {
        const Translation *t = &rows.rows[i].tr;
        char size[24], perm[32], s2perm[8], tag[48] = "";
        size_name(t->size_log2, size, sizeof size);
        perm_name(t, perm, sizeof perm);
        s2_perm_name(t->s2_perm, s2perm, sizeof s2perm);
        if (t->regime == REGIME_EL10)
            snprintf(tag, sizeof tag, " VMID %u", t->vmid);
        if (t->regime == REGIME_EL10 || t->regime == REGIME_EL20) {
            size_t l = strlen(tag);
            if (t->global)
                snprintf(tag + l, sizeof tag - l, " global");
            else
                snprintf(tag + l, sizeof tag - l, " ASID %u", t->asid);
        }
        gdb_text_printf(out, "  %s %s%s: VA 0x%llx -> PA 0x%llx %s", regime_name(t->regime),
                        rows.rows[i].secure ? "S" : "NS", tag, (unsigned long long)t->va, (unsigned long long)t->oa,
                        size);
        if (t->stage2)
            gdb_text_printf(out, " (IPA 0x%llx, stage 2 %s)", (unsigned long long)t->ipa, s2perm);
        gdb_text_printf(out, " %s, %s\n", attr_name(t->attr), perm);
    }
    free(rows.rows);
}

/* ============================== trace, phys, step-irq ===================== */

static void cmd_trace(GdbStub *g, char **w, int n, GdbText *out)
{
    Machine *m = g->m;
    /* The trace may keep its path for its messages until it is closed, after the stub. */
    static char path[4096];
    if (n == 2 && strcmp(w[1], "off") == 0) {
        if (!m->trace) {
            gdb_text_printf(out, "trace: not recording\n");
            return;
        }
        struct Trace *t = m->trace;
        m->trace = NULL;
        gdb_text_printf(out, trace_close(t) ? "trace: stopped, %s written\n" : "trace: error writing %s\n", path);
        return;
    }
    if (n != 3 || strcmp(w[1], "on") != 0) {
        gdb_text_printf(out, "usage: trace on FILE | trace off\n");
        return;
    }
    if (m->trace) {
        gdb_text_printf(out, "trace: already recording (trace off first)\n");
        return;
    }
    /* Only a new file, and only under --gdb-files (the start directory by default): whoever
     * reaches the gdb port must not be able to overwrite the user's files. */
    char *confined, err[512];
    if (!path_within(g->files_dir, w[2], &confined, err, sizeof err)) {
        gdb_text_printf(out, "trace: %s\n", err);
        return;
    }
    snprintf(path, sizeof path, "%s", confined);
    free(confined);
    size_t len = strlen(path);
    TraceOptions o = {.create_new = true};
    bool tarmac = len >= 7 && strcmp(path + len - 7, ".tarmac") == 0;
    if (tarmac)
        o.tarmac_path = path;
    else
        o.binary_path = path;
    m->trace = trace_open(m, &o);
    if (m->trace)
        gdb_text_printf(out, "trace: recording %s to %s\n", tarmac ? "Tarmac" : "the binary trace", path);
    else
        gdb_text_printf(out, "trace: cannot record to %s (tetrarch's stderr says why)\n", path);
}

static void cmd_switch(bool *flag, const char *name, char **w, int n, GdbText *out)
{
    if (n == 2 && (strcmp(w[1], "on") == 0 || strcmp(w[1], "off") == 0))
        *flag = strcmp(w[1], "on") == 0;
    else if (n != 1) {
        gdb_text_printf(out, "usage: %s on|off\n", name);
        return;
    }
    gdb_text_printf(out, "%s %s\n", name, *flag ? "on" : "off");
}

/* ============================== Dispatch ================================== */

void gdb_monitor(struct GdbStub *g, const char *line, GdbText *out)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", line);
    char *w[MAX_WORDS];
    int n = split_words(buf, w);
    if (n == 0 || strcmp(w[0], "help") == 0) {
        gdb_text_printf(out, "%s", help_text);
    } else if (strcmp(w[0], "el") == 0) {
        cmd_el(g, out);
    } else if (strcmp(w[0], "catch") == 0) {
        cmd_catch(g, w, n, out);
    } else if (strcmp(w[0], "step-el") == 0) {
        cmd_step_el(g, out);
    } else if (strcmp(w[0], "translate") == 0) {
        cmd_translate(g, w, n, out);
    } else if (strcmp(w[0], "tlb") == 0) {
        cmd_tlb(g, out);
    } else if (strcmp(w[0], "trace") == 0) {
        cmd_trace(g, w, n, out);
    } else if (strcmp(w[0], "phys") == 0) {
        cmd_switch(&g->phys, "phys", w, n, out);
    } else if (strcmp(w[0], "step-irq") == 0) {
        bool on = !g->step_irq_off;
        cmd_switch(&on, "step-irq", w, n, out);
        g->step_irq_off = !on;
    } else {
        gdb_text_printf(out, "unknown monitor command '%s' (try: monitor help)\n", w[0]);
    }
}
