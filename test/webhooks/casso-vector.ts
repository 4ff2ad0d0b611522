/**
 * Casso's published Webhook V2 test vector, copied verbatim from the official repository
 * CassoHQ/casso-webhook-v2-verify-signature, its Python and PHP examples (commit e295e91f):
 * the checksum key, the `X-Casso-Signature` header and the webhook data, which is a dashboard
 * "test call" (id 0, reference MA_GIAO_DICH_THU_NGHIEM).
 */
export const CASSO_VECTOR = {
  secret: 'mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs',
  header:
    't=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3',
  timestampMs: 1727948258788,
  body: {
    error: 0,
    data: {
      id: 0,
      reference: 'MA_GIAO_DICH_THU_NGHIEM',
      description: 'giao dich thu nghiem',
      amount: 599000,
      runningBalance: 25000000,
      transactionDateTime: '2024-10-03 15:06:37',
      accountNumber: '88888888',
      bankName: 'VPBank',
      bankAbbreviation: 'VPB',
      virtualAccountNumber: '',
      virtualAccountName: '',
      counterAccountName: 'NGUYEN VAN A',
      counterAccountNumber: '8888888888',
      counterAccountBankId: '970415',
      counterAccountBankName: 'VietinBank',
    },
  },
};

/**
 * The vector in the same repository's JavaScript example (t=1734924830020). It does not verify
 * against its own sample data under any serialisation we tried: Casso's sample is
 * illustrative only, and a verifier that accepted it would be accepting a forgery.
 */
export const CASSO_JS_SAMPLE = {
  secret: 'g3oZ950pJQ4k6REhOPGkx37RsXgWz9QJ9RCAZ7i0yagLF32XQZtemQ6r3JIo4MCr',
  header:
    't=1734924830020,v1=6cec920aa3352341d3710d4ce89de3c73481739bdf240c89a440fb988bfb113f87be23dc75ad16982f6fbdb65553b73f4e51e73ed4764928f0401cd4a949a4c8',
  timestampMs: 1734924830020,
  body: {
    error: 0,
    data: {
      id: 218897,
      reference: 'FT24364030863634',
      description: 'hoi lai 100 bao mun dua',
      amount: 16775000,
      runningBalance: 16775000,
      transactionDateTime: '2024-12-23 07:00:00',
      accountNumber: '123456789',
      bankName: 'MBBank',
      bankAbbreviation: 'MBB',
      virtualAccountNumber: '',
      virtualAccountName: '',
      counterAccountName: '',
      counterAccountNumber: '',
      counterAccountBankId: '',
      counterAccountBankName: '',
    },
  },
};
