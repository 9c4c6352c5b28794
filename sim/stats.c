/* SPDX-License-Identifier: MIT */
/* Run statistics: one trace line per privilege transition, the --stats JSON document, and the
 * end-of-run summary. */
#include "sim/stats.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cpu/exception.h"

/* ESR_ELx.EC names (Arm ARM D17.2.37, ESR_EL1), shortened. */
static const char *const ec_names[64] = {
    [0x00] = "UNKNOWN",       [0x01] = "WFx",          [0x03] = "MCR_MRC_CP15",
    [0x04] = "MCRR_MRRC_CP15", [0x05] = "MCR_MRC_CP14", [0x06] = "LDC_STC_CP14",
    [0x07] = "FP_ACCESS",     [0x09] = "PAC_TRAP",     [0x0C] = "MRRC_CP14",
    [0x0D] = "BTI",           [0x0E] = "ILLEGAL_STATE", [0x11] = "SVC32",
    [0x12] = "HVC32",         [0x13] = "SMC32",        [0x15] = "SVC64",
    [0x16] = "HVC64",         [0x17] = "SMC64",        [0x18] = "SYSREG",
    [0x19] = "SVE",           [0x1A] = "ERET",         [0x1C] = "PAC_FAIL",
    [0x20] = "IABT_LOWER",    [0x21] = "IABT_CUR",     [0x22] = "PC_ALIGN",
    [0x24] = "DABT_LOWER",    [0x25] = "DABT_CUR",     [0x26] = "SP_ALIGN",
    [0x28] = "FP_EXC32",      [0x2C] = "FP_EXC64",     [0x2F] = "SERROR",
    [0x30] = "BKPT_LOWER",    [0x31] = "BKPT_CUR",     [0x32] = "SSTEP_LOWER",
    [0x33] = "SSTEP_CUR",     [0x34] = "WPT_LOWER",    [0x35] = "WPT_CUR",
    [0x38] = "BKPT32",        [0x3C] = "BRK64",
};

const char *ec_name(unsigned ec)
{
    static char unnamed[64][8];
    ec &= 63;
    if (ec_names[ec])
        return ec_names[ec];
    if (!unnamed[ec][0])
        snprintf(unnamed[ec], sizeof(unnamed[ec]), "EC_0x%02x", ec);
    return unnamed[ec];
}

const char *exc_type_name(unsigned type)
{
    static const char *const names[4] = { "sync", "irq", "fiq", "serror" };
    return type < 4 ? names[type] : "unknown";
}

void transitions_write(FILE *f, const TransitionEvent *ev)
{
    fprintf(f, "cpu=%d icount=%llu cycle=%llu", ev->cpu, (unsigned long long)ev->icount,
            (unsigned long long)ev->cycles);
    if (ev->is_eret) {
        fprintf(f, " kind=eret from=EL%u from_ns=%d to=EL%u to_ns=%d elr=0x%llx pc=0x%llx\n",
                ev->from_el, !ev->from_secure, ev->to_el, !ev->to_secure,
                (unsigned long long)ev->elr, (unsigned long long)ev->pc);
        return;
    }
    fprintf(f,
            " kind=exception type=%s from=EL%u from_ns=%d to=EL%u to_ns=%d ec=0x%02x iss=0x%07x"
            " far=0x%llx elr=0x%llx vector=0x%llx pc=0x%llx\n",
            exc_type_name(ev->type), ev->from_el, !ev->from_secure, ev->to_el, !ev->to_secure,
            ev->ec & 63, ev->iss & 0x1FFFFFF, (unsigned long long)ev->far, (unsigned long long)ev->elr,
            (unsigned long long)ev->vector, (unsigned long long)ev->pc);
}

/* ---- Totals ---- */

typedef struct {
    uint64_t insns, cycles;
    uint64_t el_insns[4], el_cycles[4];
    uint64_t matrix[4][4];          /* every transition, exceptions and returns */
    uint64_t exceptions, erets;
} Totals;

static Totals gather(const Machine *m)
{
    Totals t;
    memset(&t, 0, sizeof(t));
    for (int i = 0; i < m->ncpu; i++) {
        CPU *c = m->cpu[i];
        if (!c)
            continue;
        cpu_account_el(c);
        t.insns += c->icount;
        t.cycles += c->cycles;
        for (int el = 0; el < 4; el++) {
            t.el_insns[el] += c->el_icount[el];
            t.el_cycles[el] += c->el_cycles[el];
        }
    }
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            for (int ec = 0; ec < 64; ec++) {
                t.matrix[from][to] += m->exc_counts[from][to][ec];
                t.exceptions += m->exc_counts[from][to][ec];
            }
            for (int type = 0; type < 4; type++) {
                t.matrix[from][to] += m->irq_counts[from][to][type];
                t.exceptions += m->irq_counts[from][to][type];
            }
            t.matrix[from][to] += m->eret_counts[from][to];
            t.erets += m->eret_counts[from][to];
        }
    }
    return t;
}

/* ---- JSON ---- */

static void json_el_counts(FILE *f, const char *key, uint64_t total, const uint64_t el[4])
{
    fprintf(f, "  \"%s\": {\"total\": %llu, \"el0\": %llu, \"el1\": %llu, \"el2\": %llu, \"el3\": %llu},\n", key,
            (unsigned long long)total, (unsigned long long)el[0], (unsigned long long)el[1],
            (unsigned long long)el[2], (unsigned long long)el[3]);
}

bool stats_write_json_file(const Machine *m, FILE *f, double host_seconds)
{
    Totals t = gather(m);
    if (!(host_seconds >= 0) || !isfinite(host_seconds))
        host_seconds = 0;
    double mips = host_seconds > 0 ? (double)t.insns / host_seconds / 1e6 : 0;

    fprintf(f, "{\n");
    json_el_counts(f, "instructions", t.insns, t.el_insns);
    json_el_counts(f, "cycles", t.cycles, t.el_cycles);

    fprintf(f, "  \"exceptions\": [");
    const char *sep = "\n";
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            for (int ec = 0; ec < 64; ec++) {
                uint64_t n = m->exc_counts[from][to][ec];
                if (!n)
                    continue;
                fprintf(f, "%s    {\"from\": %d, \"to\": %d, \"type\": \"sync\", \"ec\": %d, \"ec_name\": \"%s\", \"count\": %llu}",
                        sep, from, to, ec, ec_name((unsigned)ec), (unsigned long long)n);
                sep = ",\n";
            }
            for (int type = EXC_IRQ; type < 4; type++) {
                uint64_t n = m->irq_counts[from][to][type];
                if (!n)
                    continue;
                if (type == EXC_SERROR)
                    fprintf(f, "%s    {\"from\": %d, \"to\": %d, \"type\": \"serror\", \"ec\": %d, \"ec_name\": \"%s\", \"count\": %llu}",
                            sep, from, to, EC_SERROR, ec_name(EC_SERROR), (unsigned long long)n);
                else
                    fprintf(f, "%s    {\"from\": %d, \"to\": %d, \"type\": \"%s\", \"ec\": null, \"ec_name\": null, \"count\": %llu}",
                            sep, from, to, exc_type_name((unsigned)type), (unsigned long long)n);
                sep = ",\n";
            }
        }
    }
    fprintf(f, "%s],\n", sep[0] == ',' ? "\n  " : "");

    fprintf(f, "  \"erets\": [");
    sep = "\n";
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            if (!m->eret_counts[from][to])
                continue;
            fprintf(f, "%s    {\"from\": %d, \"to\": %d, \"count\": %llu}", sep, from, to,
                    (unsigned long long)m->eret_counts[from][to]);
            sep = ",\n";
        }
    }
    fprintf(f, "%s],\n", sep[0] == ',' ? "\n  " : "");

    fprintf(f, "  \"transition_matrix\": [");
    for (int from = 0; from < 4; from++)
        fprintf(f, "%s[%llu, %llu, %llu, %llu]", from ? ", " : "", (unsigned long long)t.matrix[from][0],
                (unsigned long long)t.matrix[from][1], (unsigned long long)t.matrix[from][2],
                (unsigned long long)t.matrix[from][3]);
    fprintf(f, "],\n");
    fprintf(f, "  \"host_seconds\": %.6f,\n", host_seconds);
    fprintf(f, "  \"mips\": %.3f\n", mips);
    fprintf(f, "}\n");
    return fflush(f) == 0 && !ferror(f);
}

/* ---- Summary ---- */

void stats_print_summary(const Machine *m, FILE *f)
{
    Totals t = gather(m);
    fprintf(f, "tetrarch: %llu instructions, %llu cycles\n", (unsigned long long)t.insns,
            (unsigned long long)t.cycles);
    fprintf(f, "  %-5s %16s %16s\n", "", "instructions", "cycles");
    for (int el = 0; el < 4; el++)
        fprintf(f, "  EL%-3d %16llu %16llu\n", el, (unsigned long long)t.el_insns[el],
                (unsigned long long)t.el_cycles[el]);

    if (t.exceptions + t.erets == 0) {
        fprintf(f, "  privilege transitions: none\n");
        return;
    }
    fprintf(f, "  privilege transitions:\n");
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            for (int ec = 0; ec < 64; ec++)
                if (m->exc_counts[from][to][ec])
                    fprintf(f, "    EL%d -> EL%d  sync    %-16s (EC 0x%02x) %12llu\n", from, to,
                            ec_name((unsigned)ec), ec, (unsigned long long)m->exc_counts[from][to][ec]);
            for (int type = EXC_IRQ; type < 4; type++)
                if (m->irq_counts[from][to][type])
                    fprintf(f, "    EL%d -> EL%d  %-7s %-16s           %12llu\n", from, to,
                            exc_type_name((unsigned)type), "", (unsigned long long)m->irq_counts[from][to][type]);
            if (m->eret_counts[from][to])
                fprintf(f, "    EL%d -> EL%d  eret    %-16s           %12llu\n", from, to, "",
                        (unsigned long long)m->eret_counts[from][to]);
        }
    }
    fprintf(f, "  transition matrix (row: from, column: to; exceptions and returns):\n");
    fprintf(f, "    %-4s %12s %12s %12s %12s\n", "", "EL0", "EL1", "EL2", "EL3");
    for (int from = 0; from < 4; from++)
        fprintf(f, "    EL%-2d %12llu %12llu %12llu %12llu\n", from, (unsigned long long)t.matrix[from][0],
                (unsigned long long)t.matrix[from][1], (unsigned long long)t.matrix[from][2],
                (unsigned long long)t.matrix[from][3]);
    fprintf(f, "  total: %llu exceptions, %llu exception returns\n", (unsigned long long)t.exceptions,
            (unsigned long long)t.erets);
}
