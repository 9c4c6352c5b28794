/* SPDX-License-Identifier: MIT */
/* Unit tests of the CFI flash (peripherals/pflash.c) through the physical map: every command,
 * QEMU's replies, bank independence, decoded-code invalidation; and the --secure off board. */
#include "tests/unit/harness.h"

#include "mmu/phys.h"
#include "peripherals/pflash.h"

#define BANK1 0x04000000ULL
#define MOVZ_X0(imm) (0xD2800000u | ((uint32_t)(imm) << 5))
#define STRH_W1_X2 0x79000041u /* strh w1, [x2] */
#define LDR_W3_X2 0xB9400043u  /* ldr w3, [x2] */

static uint8_t *flash_host(uint64_t pa) { return phys_host_ptr(&hm->phys, pa, 1); }

/* A command cycle as U-Boot writes it: 16 bits (the model, like QEMU's, decodes the low byte). */
static void cmd(uint64_t pa, uint16_t c) { h_poke(pa, 2, c); }

START_TEST(array_reads_after_reset)
{
    memcpy(flash_host(0x100), "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    ASSERT_HEX(h_peek(0x100, 4), 0x44332211);
    ASSERT_HEX(h_peek(0x100, 8), 0x8877665544332211ULL);
    ASSERT_HEX(hm->phys.flash_io, 0);
}
END_TEST

START_TEST(read_identifier)
{
    cmd(0, 0x90);
    ASSERT_HEX(h_peek(0x0, 4), 0x00890089);  /* manufacturer, both devices */
    ASSERT_HEX(h_peek(0x4, 2), 0x0018);      /* device */
    ASSERT_HEX(h_peek(0x8, 4), 0);           /* block lock status: unlocked */
    ASSERT_HEX(h_peek(0x40000 + 0x8, 4), 0); /* another block's, too */
    cmd(0, 0xFF);
    ASSERT_HEX(hm->phys.flash_io, 0);
}
END_TEST

START_TEST(cfi_query)
{
    cmd(0x154, 0x98); /* at 0x55 words, as U-Boot writes it */
    ASSERT_HEX(h_peek(0x10 * 4, 2), 'Q');
    ASSERT_HEX(h_peek(0x11 * 4, 4), 0x00520052);
    ASSERT_HEX(h_peek(0x12 * 4, 1), 'Y');
    ASSERT_HEX(h_peek(0x13 * 4, 2), 0x01); /* Intel command set */
    ASSERT_HEX(h_peek(0x15 * 4, 2), 0x31); /* extended table */
    ASSERT_HEX(h_peek(0x27 * 4, 2), 25);   /* 32 MiB per device */
    ASSERT_HEX(h_peek(0x28 * 4, 2), 0x02); /* x8/x16 */
    ASSERT_HEX(h_peek(0x2A * 4, 2), 11);   /* 2 KiB write buffer per device */
    ASSERT_HEX(h_peek(0x2C * 4, 2), 1);    /* one erase region: */
    ASSERT_HEX(h_peek(0x2D * 4, 2), 0xFF); /* 256 blocks */
    ASSERT_HEX(h_peek(0x2E * 4, 2), 0x00);
    ASSERT_HEX(h_peek(0x2F * 4, 2), 0x00); /* of 0x200 * 256 = 128 KiB */
    ASSERT_HEX(h_peek(0x30 * 4, 2), 0x02);
    ASSERT_HEX(h_peek(0x31 * 4, 2), 'P');
    ASSERT_HEX(h_peek(0x52 * 4, 4), 0);    /* past the table */
    ASSERT_HEX(h_peek(0x10 * 4, 8), 0x0052005200510051ULL); /* two words */
    /* As QEMU, anything but read array leaves the bank in query mode. */
    cmd(0, 0xF0);
    ASSERT_HEX(h_peek(0x10 * 4, 2), 'Q');
    /* Bank 1 is not in query mode. */
    memset(flash_host(BANK1 + 0x40), 0xAB, 4);
    ASSERT_HEX(h_peek(BANK1 + 0x40, 4), 0xABABABAB);
    cmd(0, 0xFF);
    ASSERT_HEX(h_peek(0x10 * 4, 2), 0);
}
END_TEST

START_TEST(word_program_and_status)
{
    memset(flash_host(BANK1 + 0x200), 0xFF, 4);
    cmd(BANK1, 0x50);
    cmd(BANK1 + 0x200, 0x40);
    h_poke(BANK1 + 0x200, 2, 0x1234);
    /* Until read array: the status, ready, from both devices. */
    ASSERT_HEX(h_peek(BANK1 + 0x200, 2), 0x80);
    ASSERT_HEX(h_peek(BANK1 + 0x200, 4), 0x00800080);
    ASSERT_HEX(h_peek(BANK1 + 0x1000, 8), 0x0080008000800080ULL);
    ASSERT_HEX(h_peek(0x0, 4), *(uint32_t *)flash_host(0)); /* bank 0 still reads its array */
    cmd(BANK1, 0xFF);
    ASSERT_HEX(h_peek(BANK1 + 0x200, 4), 0xFFFF1234);
    /* 0x10 is the other program code; 0x70 reads the status without a program. */
    cmd(BANK1 + 0x202, 0x10);
    h_poke(BANK1 + 0x202, 1, 0x56);
    cmd(BANK1, 0xFF);
    ASSERT_HEX(h_peek(BANK1 + 0x200, 4), 0xFF561234);
    cmd(BANK1, 0x70);
    ASSERT_HEX(h_peek(BANK1, 2), 0x80);
    cmd(BANK1, 0x50); /* clear status: 0, and read array */
    ASSERT_HEX(h_peek(BANK1 + 0x200, 4), 0xFF561234);
    cmd(BANK1, 0x70);
    ASSERT_HEX(h_peek(BANK1, 2), 0);
    cmd(BANK1, 0xFF);
}
END_TEST

START_TEST(block_erase)
{
    memset(flash_host(0x3FFFC), 0x11, 4);   /* last word of sector 0 */
    memset(flash_host(0x40000), 0x22, 16);  /* sector 1 */
    memset(flash_host(0x7FFFC), 0x33, 4);
    memset(flash_host(0x80000), 0x44, 4);   /* sector 2 */
    cmd(0x40000 + 0x20000, 0x20);           /* any address in the sector */
    cmd(0x40000 + 0x20000, 0xD0);
    ASSERT_HEX(h_peek(0x40000, 2), 0x80);
    cmd(0, 0xFF);
    ASSERT_HEX(h_peek(0x40000, 8), ~0ULL);
    ASSERT_HEX(h_peek(0x7FFFC, 4), 0xFFFFFFFF);
    ASSERT_HEX(h_peek(0x3FFFC, 4), 0x11111111);
    ASSERT_HEX(h_peek(0x80000, 4), 0x44444444);
}
END_TEST

START_TEST(buffered_program)
{
    memset(flash_host(BANK1 + 0x1000), 0xFF, 16);
    cmd(BANK1, 0x50);
    cmd(BANK1, 0xE8);
    ASSERT_HEX(h_peek(BANK1, 2), 0x80); /* buffer available */
    cmd(BANK1, 3);                      /* four 16-bit words follow */
    h_poke(BANK1 + 0x1000, 2, 0xAAAA);
    h_poke(BANK1 + 0x1002, 2, 0xBBBB);
    h_poke(BANK1 + 0x1004, 2, 0xCCCC);
    h_poke(BANK1 + 0x1006, 2, 0xDDDD);
    /* Nothing reaches the flash before the confirm. */
    ASSERT_HEX(flash_host(BANK1 + 0x1000)[0], 0xFF);
    cmd(BANK1, 0xD0);
    ASSERT_HEX(h_peek(BANK1, 2), 0x80);
    cmd(BANK1, 0xFF);
    ASSERT_HEX(h_peek(BANK1 + 0x1000, 8), 0xDDDDCCCCBBBBAAAAULL);
    ASSERT_HEX(h_peek(BANK1 + 0x1008, 4), 0xFFFFFFFF);
    /* One word (count 0) works too, in a block other than the command's (QEMU 7.2 places its
     * buffer by the address of the count write and fails this). */
    cmd(BANK1, 0xE8);
    cmd(BANK1, 0);
    h_poke(BANK1 + 0x3000, 4, 0x12345678);
    cmd(BANK1, 0xD0);
    cmd(BANK1, 0xFF);
    ASSERT_HEX(h_peek(BANK1 + 0x3000, 4), 0x12345678);
}
END_TEST

START_TEST(buffered_program_outside_buffer)
{
    memset(flash_host(BANK1 + 0xFFC), 0xFF, 8);
    cmd(BANK1, 0x50);
    cmd(BANK1, 0xE8);
    cmd(BANK1, 1);
    h_poke(BANK1 + 0xFFC, 4, 0x11111111); /* the last word of a 4 KiB buffer block */
    h_poke(BANK1 + 0x1000, 4, 0x22222222); /* the next block: a program error */
    ASSERT_HEX(h_peek(BANK1, 2), 0x90);
    cmd(BANK1, 0xD0); /* refused: the buffer is dropped, read array */
    ASSERT_HEX(hm->phys.flash_io, 0);
    ASSERT_HEX(h_peek(BANK1 + 0xFFC, 8), ~0ULL);
    cmd(BANK1, 0x70);
    ASSERT_HEX(h_peek(BANK1, 2), 0x90); /* sticky until cleared */
    cmd(BANK1, 0x50);
    cmd(BANK1, 0x70);
    ASSERT_HEX(h_peek(BANK1, 2), 0);
    cmd(BANK1, 0xFF);
}
END_TEST

START_TEST(lock_unlock_and_unknown)
{
    cmd(0, 0x60);
    cmd(0, 0x01); /* lock */
    ASSERT_HEX(h_peek(0, 2), 0x80);
    cmd(0, 0x90);
    ASSERT_HEX(h_peek(0x8, 2), 0); /* never locked */
    cmd(0, 0x60);
    cmd(0, 0xD0);
    cmd(0, 0xFF);
    memset(flash_host(0), 0x5A, 4);
    cmd(0, 0x42); /* unknown: read array */
    ASSERT_HEX(h_peek(0, 4), 0x5A5A5A5A);
    cmd(0, 0x20);
    cmd(0, 0x42); /* not a confirm: read array (the sector was erased at the setup, as QEMU) */
    ASSERT_HEX(hm->phys.flash_io, 0);
}
END_TEST

/* Programming code in flash drops the decoded instructions: the core runs the new ones. */
START_TEST(program_invalidates_code)
{
    uint32_t old = MOVZ_X0(1);
    memcpy(flash_host(0x2000), &old, 4);
    phys_invalidate_code(&hm->phys, 0x2000, 4);
    hc->pc = 0x2000;
    h_step(1);
    ASSERT_HEX(hc->x[0], 1);
    cmd(0x2000, 0x40);
    h_poke(0x2000, 4, MOVZ_X0(2));
    cmd(0, 0xFF);
    hc->pc = 0x2000;
    h_step(1);
    ASSERT_HEX(hc->x[0], 2);
    cmd(0, 0x20); /* erase: 0xFFFFFFFF is UNDEFINED */
    cmd(0, 0xD0);
    cmd(0, 0xFF);
    hc->pc = 0x2000;
    h_step(1);
    h_expect_exc(3, V_CUR_SPX, 0, 0, 0x2000); /* UNDEFINED: EC 0 */
}
END_TEST

/* The core's own stores and loads reach the command interface. */
START_TEST(cpu_access)
{
    hc->x[1] = 0x90;
    hc->x[2] = BANK1;
    RUN(STRH_W1_X2, LDR_W3_X2);
    ASSERT_HEX(hc->x[3], 0x00890089);
    ASSERT_HEX(hc->pc, H_CODE + 8);
    cmd(BANK1, 0xFF);
}
END_TEST

/* --secure off: no Secure-only RAM; the flash is there. */
START_TEST(secure_off_board)
{
    static Machine m;
    MachineOptions o = {.ram_size = 64ULL << 20, .quiet = true, .secure_off = true};
    ck_assert(machine_init(&m, &o));
    uint64_t v;
    ck_assert_int_eq(phys_read(&m.phys, VIRT_SECURE_RAM_BASE, 4, &v), -1);
    ck_assert_ptr_null(phys_host_ptr(&m.phys, VIRT_SECURE_RAM_BASE, 4));
    ck_assert_ptr_nonnull(m.flash);
    ck_assert_int_eq(phys_write(&m.phys, 0, 2, 0x90), 0);
    ck_assert_int_eq(phys_read(&m.phys, 0, 4, &v), 0);
    ASSERT_HEX(v, 0x00890089);
    machine_free(&m);
    /* The default board has it. */
    ck_assert_ptr_nonnull(phys_host_ptr(&hm->phys, VIRT_SECURE_RAM_BASE, 4));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pflash");
    TCase *t = tcase_create("pflash");
    tcase_add_checked_fixture(t, h_setup, h_teardown);
    tcase_add_test(t, array_reads_after_reset);
    tcase_add_test(t, read_identifier);
    tcase_add_test(t, cfi_query);
    tcase_add_test(t, word_program_and_status);
    tcase_add_test(t, block_erase);
    tcase_add_test(t, buffered_program);
    tcase_add_test(t, buffered_program_outside_buffer);
    tcase_add_test(t, lock_unlock_and_unknown);
    tcase_add_test(t, program_invalidates_code);
    tcase_add_test(t, cpu_access);
    tcase_add_test(t, secure_off_board);
    suite_add_tcase(s, t);
    return s;
}

int main(void) { return h_run_suite(suite()); }
