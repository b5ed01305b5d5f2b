package dev.imessagegateway.message;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link MessageStatus} as its wire name ({@code dead_letter}), the same text the dispatcher's SQL uses. */
@Converter(autoApply = true)
public class MessageStatusConverter implements AttributeConverter<MessageStatus, String> {

    @Override
    public String convertToDatabaseColumn(MessageStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public MessageStatus convertToEntityAttribute(String value) {
        return value == null ? null : MessageStatus.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("Unknown message status in database: " + value));
    }
}
