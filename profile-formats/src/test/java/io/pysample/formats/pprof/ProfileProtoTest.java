package io.pysample.formats.pprof;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

class ProfileProtoTest {
    @Test
    void generatedClassesRoundTripAProfile() throws InvalidProtocolBufferException {
        ProfileProto.Profile p = ProfileProto.Profile.newBuilder()
                .addStringTable("").addStringTable("samples").addStringTable("count")
                .addSampleType(ProfileProto.ValueType.newBuilder().setType(1).setUnit(2))
                .addSample(ProfileProto.Sample.newBuilder().addLocationId(1).addValue(7))
                .setTimeNanos(123)
                .build();
        ProfileProto.Profile back = ProfileProto.Profile.parseFrom(p.toByteArray());
        assertThat(back.getStringTable((int) back.getSampleType(0).getType())).isEqualTo("samples");
        assertThat(back.getSample(0).getValue(0)).isEqualTo(7);
        assertThat(back.getTimeNanos()).isEqualTo(123);
    }
}
