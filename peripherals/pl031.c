/* SPDX-License-Identifier: MIT */
/* PL031 real-time clock (PrimeCell RTC TRM, DDI 0224): a 1 Hz counter over simulated time. */
#include "peripherals/pl031.h"

#include <stdlib.h>
#include <time.h>

enum {
    RTC_DR = 0x000,    /* data (counter), read-only */
    RTC_MR = 0x004,    /* match */
    RTC_LR = 0x008,    /* load */
    RTC_CR = 0x00C,    /* control: bit 0 starts the counter */
    RTC_IMSC = 0x010,
    RTC_RIS = 0x014,
    RTC_MIS = 0x018,
    RTC_ICR = 0x01C,   /* write-only */
    RTC_ID_BASE = 0xFE0,
    RTC_REG_SIZE = 0x1000,
};

#define RTC_INT_MATCH 1u

/* The IDs QEMU's pl031 presents (PL031, Arm). */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

struct PL031 {
    Machine *m;
    uint32_t offset;     /* DR = wall seconds + offset (set by writing LR) */
    uint32_t mr, lr, imsc, ris;
    bool match_armed;    /* MR lies in the counter's future */
};

uint64_t rtc_wall_seconds(const Machine *m)
{
    if (m->opt.rtc_host) {
        time_t now = time(NULL);
        return now < 0 ? 0 : (uint64_t)now;
    }
    uint64_t cycles = m->ncpu > 0 && m->cpu[0] ? m->cpu[0]->cycles : 0;
    return TETRARCH_RTC_EPOCH + cycles / TETRARCH_CPU_HZ;
}

static uint32_t counter(const struct PL031 *rtc) { return (uint32_t)rtc_wall_seconds(rtc->m) + rtc->offset; }

/* Raise the match interrupt once the counter has reached MR. As in QEMU, a match value at or
 * behind the counter when it is set fires at once. */
static void update_match(struct PL031 *rtc)
{
    if (rtc->match_armed && (int32_t)(rtc->mr - counter(rtc)) <= 0) {
        rtc->ris |= RTC_INT_MATCH;
        rtc->match_armed = false;
    }
}

static void arm_match(struct PL031 *rtc)
{
    rtc->match_armed = true;
    update_match(rtc);
}

bool pl031_irq_level(struct PL031 *rtc)
{
    update_match(rtc);
    return (rtc->ris & rtc->imsc) != 0;
}

static int pl031_reg_read(void *opaque, uint64_t offset, unsigned size, uint64_t *value)
{
    struct PL031 *rtc = opaque;
    if (size != 4 || (offset & 3) != 0)
        return -1;
    update_match(rtc);
    switch (offset) {
    case RTC_DR: *value = counter(rtc); return 0;
    case RTC_MR: *value = rtc->mr; return 0;
    case RTC_LR: *value = rtc->lr; return 0;
    case RTC_CR: *value = 1; return 0;  /* the counter always runs */
    case RTC_IMSC: *value = rtc->imsc; return 0;
    case RTC_RIS: *value = rtc->ris; return 0;
    case RTC_MIS: *value = rtc->ris & rtc->imsc; return 0;
    }
    if (offset >= RTC_ID_BASE && offset < RTC_REG_SIZE)
        *value = pl031_id[(offset - RTC_ID_BASE) / 4];
    else
        *value = 0;  /* reserved offsets (and write-only ICR) read as zero */
    return 0;
}

static int pl031_reg_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    struct PL031 *rtc = opaque;
    if (size != 4 || (offset & 3) != 0)
        return -1;
    uint32_t v = (uint32_t)value;
    switch (offset) {
    case RTC_MR:
        rtc->mr = v;
        arm_match(rtc);
        return 0;
    case RTC_LR:
        rtc->lr = v;
        rtc->offset = v - (uint32_t)rtc_wall_seconds(rtc->m);
        arm_match(rtc);
        return 0;
    case RTC_CR: return 0;  /* cannot be stopped once started; writing 0 has no effect */
    case RTC_IMSC: rtc->imsc = v & RTC_INT_MATCH; return 0;
    case RTC_ICR: rtc->ris &= ~(v & RTC_INT_MATCH); return 0;
    case RTC_DR:
    case RTC_RIS:
    case RTC_MIS:
        return 0;  /* read-only: writes are ignored */
    }
    if (offset >= RTC_ID_BASE && offset < RTC_REG_SIZE)
        return 0;
    return -1;  /* reserved offset */
}

/* The interrupt output (SPI 2, INTID 34 on the virt board), updated after every access.
 * The match interrupt is evaluated when the guest reads or writes the RTC. */
#define PL031_INTID 34
static int pl031_read(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t *value)
{
    int r = pl031_reg_read(opaque, offset, size, value);
    struct PL031 *rtc = opaque;
    machine_set_spi(rtc->m, PL031_INTID, pl031_irq_level(rtc));
    return r;
}

static int pl031_write(void *opaque, uint64_t offset, unsigned size, bool ns, uint64_t value)
{
    int r = pl031_reg_write(opaque, offset, size, value);
    struct PL031 *rtc = opaque;
    machine_set_spi(rtc->m, PL031_INTID, pl031_irq_level(rtc));
    return r;
}

struct PL031 *pl031_create(Machine *m, uint64_t base)
{
    struct PL031 *rtc = calloc(1, sizeof(*rtc));
    if (!rtc) {
        fprintf(stderr, "tetrarch: out of memory creating the PL031 RTC\n");
        return NULL;
    }
    rtc->m = m;
    Device d = {
        .name = "pl031",
        .base = base,
        .size = RTC_REG_SIZE,
        .opaque = rtc,
        .read = pl031_read,
        .write = pl031_write,
    };
    if (!phys_add_device(&m->phys, &d)) {
        fprintf(stderr, "tetrarch: cannot map the PL031 RTC at 0x%llx\n", (unsigned long long)base);
        free(rtc);
        return NULL;
    }
    return rtc;
}

void pl031_free(struct PL031 *rtc) { free(rtc); }
